import { useId, useState } from 'react';
import { selectView } from '../stores/trendSelectors.js';
import { trendActions, useTrendStore, WINDOW_PRESETS } from '../stores/trendStore.js';
import { HISTORY_PRESETS } from '../trend/timeRange.js';
import { CustomRangeForm } from './CustomRangeForm.js';

/**
 * Live or History. Live follows now over the last 1, 10 or 60 minutes; History shows a fixed
 * range: a preset ending now, or a free range. Every choice is a button, so Tab and Enter or
 * Space reach all of them; the pressed one is marked in bold and by aria-pressed.
 */
export function TimeRangeControl() {
  const view = useTrendStore(selectView);
  const windowMinutes = useTrendStore((state) => state.windowMinutes);
  const [customOpen, setCustomOpen] = useState(false);
  const formId = useId();
  const live = view.kind === 'live';
  return (
    <>
      <div className="segmented" role="group" aria-label="Trend mode">
        <button type="button" data-testid="mode-live" aria-pressed={live} onClick={trendActions.showLive}>
          Live
        </button>
        <button
          type="button"
          data-testid="mode-history"
          aria-pressed={!live}
          title="Freeze the trend into a fixed range, to zoom and pan through history"
          onClick={() => trendActions.freeze()}
        >
          History
        </button>
      </div>
      {live ? (
        <div className="segmented" role="group" aria-label="Live window">
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
      ) : (
        <div className="segmented" role="group" aria-label="History range, ending now">
          {HISTORY_PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              data-testid={`history-${preset.id}`}
              aria-pressed={view.preset === preset.id}
              title={`The last ${preset.label}, ending now`}
              onClick={() => trendActions.showPreset(preset.id)}
            >
              {preset.label}
            </button>
          ))}
        </div>
      )}
      <button
        type="button"
        data-testid="history-custom"
        aria-expanded={customOpen}
        aria-controls={customOpen ? formId : undefined}
        title="Show a free range, from one date and time to another"
        onClick={() => setCustomOpen((open) => !open)}
      >
        Range…
      </button>
      {customOpen && <CustomRangeForm id={formId} onDone={() => setCustomOpen(false)} />}
    </>
  );
}
