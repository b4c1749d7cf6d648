import type { SyncStatus } from '../../shared/sync.js';
import { formatAge } from '../format/duration.js';
import { formatDateTime } from '../format/time.js';
import { LINK_WORDS, formatBudget, formatThroughput, isLinkAbnormal } from '../sync/syncText.js';

/**
 * The cloud link: state in words (abnormal ones with colour and a triangle), why, since when,
 * where to, the last successful sync and what moves now. Every line is always there, with `—`
 * when it has nothing to say, so a push never moves the screen about.
 */
export function SyncLinkPanel({ status, now }: { status: SyncStatus; now: number }) {
  const abnormal = isLinkAbnormal(status.link);
  return (
    <section className="sync-panel sync-link" aria-labelledby="sync-link-title" data-testid="sync-link">
      <h2 id="sync-link-title">Cloud link</h2>
      <p className="sync-link-line">
        <span
          className={abnormal ? 'sync-state abnormal' : 'sync-state'}
          data-testid="sync-link-state"
          data-link={status.link}
        >
          {LINK_WORDS[status.link].toUpperCase()}
        </span>
        <span className="sync-detail" data-testid="sync-link-detail">
          {status.detail ?? (status.enabled ? '' : 'Sync is not enabled: nothing is queued or sent.')}
        </span>
      </p>
      <dl className="sync-facts">
        <dt>Since</dt>
        <dd title={formatDateTime(status.since)}>{formatAge(status.since, now)}</dd>
        <dt>Broker</dt>
        <dd data-testid="sync-broker">{status.broker ?? '— none configured'}</dd>
        <dt>Last sync</dt>
        <dd
          data-testid="sync-last"
          title={status.lastSyncMs === null ? undefined : formatDateTime(status.lastSyncMs)}
        >
          {formatAge(status.lastSyncMs, now)}
        </dd>
        <dt>Throughput</dt>
        <dd data-testid="sync-throughput">{formatThroughput(status)}</dd>
        <dt>In flight</dt>
        <dd data-testid="sync-inflight">
          {status.inFlight} batch{status.inFlight === 1 ? '' : 'es'} awaiting PUBACK
        </dd>
        <dt>Backfill budget</dt>
        <dd>{formatBudget(status)}</dd>
        <dt>Dropped</dt>
        <dd data-testid="sync-dropped">
          {status.droppedRecords === 0
            ? 'nothing'
            : `${status.droppedRecords.toLocaleString('en')} records since the outbox began (journaled)`}
        </dd>
      </dl>
    </section>
  );
}
