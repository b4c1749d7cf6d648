import { useRef } from 'react';
import type uPlot from 'uplot';
import { EventsPanel } from '../components/EventsPanel.js';
import { ExportButtons } from '../components/ExportButtons.js';
import { PenLegend } from '../components/PenLegend.js';
import { SavedViews } from '../components/SavedViews.js';
import { TagBrowser } from '../components/TagBrowser.js';
import { TimeRangeControl } from '../components/TimeRangeControl.js';
import { TrendChart } from '../components/TrendChart.js';
import { ZoomNav } from '../components/ZoomNav.js';
import { selectView } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';

/**
 * Trend of up to eight pens: live over the last 1, 10 or 60 minutes, or any range of history,
 * zoomed by dragging, panned, stepped back and forward, and exported as CSV or PNG.
 */
export function TrendsView() {
  const pens = useTrendStore((state) => state.pens);
  const view = useTrendStore(selectView);
  const windowMinutes = useTrendStore((state) => state.windowMinutes);
  const notice = useTrendStore((state) => state.notice);
  const eventTags = useTrendStore((state) => state.eventTags);
  const plotRef = useRef<uPlot | null>(null);
  return (
    <div className="view trends" data-testid="trends">
      <aside className="trend-side">
        <TagBrowser />
      </aside>
      <section className="trend-main" aria-label="Trend">
        <div className="view-toolbar">
          <h1>Trends</h1>
          <TimeRangeControl />
          {pens.length > 0 && (
            <button type="button" onClick={() => trendActions.clearPens()}>
              Clear pens
            </button>
          )}
          {notice && (
            <span className="notice" role="status">
              {notice}
            </span>
          )}
        </div>
        <div className="view-toolbar">
          <ZoomNav />
          <ExportButtons plotRef={plotRef} />
          <SavedViews />
        </div>
        <PenLegend pens={pens} />
        <TrendChart pens={pens} view={view} windowMinutes={windowMinutes} plotRef={plotRef} />
        <p className="calm-note trend-key">
          Solid: good · dashed: uncertain or stale · shaded: stale · hatched gap: bad · plain gap: no data ·
          dash-dot: alarm limit · drag across the chart to zoom
        </p>
        <EventsPanel tags={eventTags} view={view} windowMinutes={windowMinutes} />
      </section>
    </div>
  );
}
