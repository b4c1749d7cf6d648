import { useState } from 'react';
import type { TrendView } from '../../shared/trendViews.js';
import { useApi } from '../api/apiContext.js';
import { formatDateTime } from '../format/time.js';
import { savedViewsActions, useSavedViewsStore } from '../stores/savedViewsStore.js';
import { formatSpan } from '../trend/timeRange.js';

/** `live, last 10 min` or `2026-01-31 14:00:00 → 2026-01-31 15:00:00`. */
function describeViewRange(range: TrendView['range']): string {
  return range.kind === 'live'
    ? `live, last ${formatSpan(range.spanMs)}`
    : `${formatDateTime(range.from)} → ${formatDateTime(range.to)}`;
}

/** The saved views by name: open one, or delete it after a second, explicit click. */
export function SavedViewList({ onOpened }: { onOpened: () => void }) {
  const views = useSavedViewsStore((state) => state.views);
  const loaded = useSavedViewsStore((state) => state.loaded);
  const currentId = useSavedViewsStore((state) => state.currentId);
  if (!loaded) return <p className="calm-note">Loading saved views…</p>;
  if (views.length === 0) return <p className="calm-note">No saved views yet.</p>;
  return (
    <ul className="saved-view-list" data-testid="saved-view-list">
      {views.map((view) => (
        <SavedViewRow key={view.id} view={view} current={view.id === currentId} onOpened={onOpened} />
      ))}
    </ul>
  );
}

function SavedViewRow({
  view,
  current,
  onOpened,
}: {
  view: TrendView;
  current: boolean;
  onOpened: () => void;
}) {
  const api = useApi();
  const busy = useSavedViewsStore((state) => state.busy);
  const [confirming, setConfirming] = useState(false);
  const pens = `${view.pens.length} pen${view.pens.length === 1 ? '' : 's'}`;
  return (
    <li className="saved-view" data-testid="saved-view" data-view-name={view.name}>
      <button
        type="button"
        className="saved-view-open"
        data-testid="view-open"
        aria-current={current || undefined}
        title={`Open: ${view.pens.map((pen) => pen.tag).join(', ')}`}
        onClick={() => {
          savedViewsActions.open(view);
          onOpened();
        }}
      >
        {view.name}
      </button>
      <span className="calm-note">
        {pens} · {describeViewRange(view.range)} · saved by {view.savedBy}, {formatDateTime(view.updatedMs)}
      </span>
      {confirming ? (
        <span className="confirm" role="alertdialog" aria-label={`Delete ${view.name}`}>
          Delete “{view.name}”?
          <button
            type="button"
            data-testid="view-delete-confirm"
            autoFocus
            disabled={busy}
            onClick={() => void savedViewsActions.remove(api, view)}
          >
            Delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" data-testid="view-delete" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
    </li>
  );
}
