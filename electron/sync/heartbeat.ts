import type { Health } from '../../shared/domain.js';
import type { HeartbeatRecord } from '../../shared/sync.js';

/**
 * The site's health in brief for the heartbeat record: the figures a fleet view plots (data
 * flowing, links up, storage keeping up, input refused), by stable names. Counters are totals
 * since start; the cloud takes differences between heartbeats.
 */
export function heartbeatOf(health: Health): Pick<HeartbeatRecord, 'status' | 'figures'> {
  const links = health.links ?? [];
  const figures: Record<string, number> = {
    messages: health.ingest.messages,
    samples: health.ingest.samples,
    inputErrors: health.ingest.errorTotal,
    links: links.length,
    linksConnected: links.filter((link) => link.state === 'connected').length,
    historianBacklog: health.historian.backlog,
    samplesWritten: health.historian.samplesWritten,
  };
  if (health.historian.storage) figures.historianBytes = health.historian.storage.usedBytes;
  if (health.sync) {
    figures.outboxBytes = health.sync.outbox.bytes;
    figures.outboxFillPercent = health.sync.outbox.fillPercent;
    figures.outboxRecords = health.sync.streams.reduce((sum, stream) => sum + stream.records, 0);
  }
  return { status: health.status, figures };
}
