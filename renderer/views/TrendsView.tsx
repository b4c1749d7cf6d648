import { PenLegend } from '../components/PenLegend.js';
import { PenPicker } from '../components/PenPicker.js';
import { TrendChart } from '../components/TrendChart.js';
import { trendActions, useTrendStore, WINDOW_PRESETS } from '../stores/trendStore.js';

/** Live trend of up to eight pens over the last 1, 10 or 60 minutes. */
export function TrendsView() {
  const pens = useTrendStore((state) => state.pens);
  const windowMinutes = useTrendStore((state) => state.windowMinutes);
  const notice = useTrendStore((state) => state.notice);
  return (
    <div className="view trends" data-testid="trends">
      <aside className="trend-side">
        <PenPicker />
      </aside>
      <section className="trend-main" aria-label="Trend">
        <div className="view-toolbar">
          <h1>Trends</h1>
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOW_PRESETS.map((minutes) => (
              <button
                key={minutes}
                type="button"
                data-testid={`window-${minutes}`}
                aria-pressed={minutes === windowMinutes}
                onClick={() => trendActions.setWindow(minutes)}
              >
                {minutes} min
              </button>
            ))}
          </div>
          {pens.length > 0 && (
            <button type="button" onClick={() => trendActions.clearPens()}>
              Clear pens
            </button>
          )}
          <span className="calm-note">Solid: good · dashed: uncertain or stale · gap: bad or no data</span>
          {notice && (
            <span className="notice" role="status">
              {notice}
            </span>
          )}
        </div>
        <PenLegend pens={pens} />
        <TrendChart pens={pens} windowMinutes={windowMinutes} />
      </section>
    </div>
  );
}
