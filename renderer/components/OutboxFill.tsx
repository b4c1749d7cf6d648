import type { SyncStatus } from '../../shared/sync.js';
import { formatBytes, formatCoarseAge, fillWidth } from '../sync/syncText.js';

/**
 * How full the outbox is against its limits (the larger of size and age), as a bar and in
 * words, with the service's warning from the warning share on. The warning line keeps its
 * place when empty, so it appearing does not push the rest down.
 */
export function OutboxFill({ outbox, now }: { outbox: SyncStatus['outbox']; now: number }) {
  const width = fillWidth(outbox.fillPercent);
  const warned = outbox.warning !== null;
  return (
    <section className="sync-panel" aria-labelledby="sync-outbox-title">
      <h2 id="sync-outbox-title">Outbox</h2>
      <div
        className={warned ? 'sync-fill warned' : 'sync-fill'}
        role="meter"
        aria-label="Outbox fill"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
        data-testid="sync-outbox-fill"
        data-fill={Math.round(outbox.fillPercent)}
      >
        <span className="sync-fill-bar" style={{ width: `${width}%` }} />
      </div>
      <p className="calm-note sync-fill-text">
        {Math.round(outbox.fillPercent)}% of its limit · {formatBytes(outbox.bytes)} of{' '}
        {formatBytes(outbox.maxBytes)} · oldest{' '}
        {outbox.oldestAtMs === null ? '—' : formatCoarseAge(now - outbox.oldestAtMs)} of {outbox.maxAgeDays} d
      </p>
      <p
        className={warned ? 'sync-warning abnormal' : 'sync-warning'}
        role={warned ? 'alert' : undefined}
        data-testid="sync-outbox-warning"
      >
        {outbox.warning ?? ''}
      </p>
    </section>
  );
}
