import { useId } from 'react';
import { useNow } from '../hooks/useNow.js';
import { useSyncStore } from '../stores/syncStore.js';
import { syncChip } from '../sync/syncText.js';

/**
 * Cloud sync in the status bar: link state and, when something waits, the backlog's age. A
 * link to the Sync screen (Enter or click); its detail — broker, why, what waits — shows on
 * hover and focus. Abnormal (with a triangle, never colour alone) only when down, degraded or
 * the outbox is filling up.
 */
export function SyncChip({ lastKnown }: { lastKnown: boolean }) {
  const status = useSyncStore((state) => state.status);
  const now = useNow(1_000);
  const tipId = useId();
  const chip = syncChip(status, now);
  const className = [
    'status-item',
    'link-chip',
    'sync-chip',
    chip.abnormal && 'abnormal',
    lastKnown && 'last-known',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <a
      href="#/sync"
      className={className}
      data-testid="status-sync"
      data-link={status?.link ?? 'unknown'}
      data-abnormal={chip.abnormal}
      aria-describedby={tipId}
    >
      <span data-testid="status-sync-text">{chip.text}</span>
      <span className="status-tooltip" role="tooltip" id={tipId} data-testid="status-sync-detail">
        {chip.detail.map((line) => (
          <span key={line}>{line}</span>
        ))}
        {lastKnown && <span>(last known: no link to the server)</span>}
      </span>
    </a>
  );
}
