import { selectCanGoBack, selectCanGoForward, selectView } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';
import { describeRange } from '../trend/trendExport.js';

/**
 * Moving through time: back and forward through the views shown (zooms, pans, presets, live),
 * as a browser moves through pages; panning by half a window; and the way back to live. The
 * range shown is stated in words, dates included.
 */
export function ZoomNav() {
  const view = useTrendStore(selectView);
  const windowMinutes = useTrendStore((state) => state.windowMinutes);
  const canBack = useTrendStore(selectCanGoBack);
  const canForward = useTrendStore(selectCanGoForward);
  const live = view.kind === 'live';
  return (
    <div className="zoom-nav" role="group" aria-label="Move through time">
      <button
        type="button"
        data-testid="zoom-back"
        disabled={!canBack}
        title="Show the previous range (before the last zoom, pan or preset)"
        onClick={trendActions.back}
      >
        ‹ Back
      </button>
      <button
        type="button"
        data-testid="zoom-forward"
        disabled={!canForward}
        title="Show the next range again"
        onClick={trendActions.forward}
      >
        Forward ›
      </button>
      <span className="zoom-nav-gap" aria-hidden="true" />
      <button
        type="button"
        data-testid="pan-left"
        title="Pan half a window earlier (← when the chart has focus)"
        aria-keyshortcuts="ArrowLeft"
        onClick={() => trendActions.pan(-1)}
      >
        ◂ Earlier
      </button>
      <button
        type="button"
        data-testid="pan-right"
        disabled={live}
        title={
          live ? 'Live already ends now' : 'Pan half a window later, up to now (→ when the chart has focus)'
        }
        aria-keyshortcuts="ArrowRight"
        onClick={() => trendActions.pan(1)}
      >
        Later ▸
      </button>
      <span className="trend-range" data-testid="trend-range">
        {live ? `Live: the last ${windowMinutes} min, following now` : describeRange(view)}
      </span>
      {!live && (
        <button type="button" data-testid="back-to-live" onClick={trendActions.showLive}>
          Back to live
        </button>
      )}
    </div>
  );
}
