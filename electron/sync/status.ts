import type { SyncSettings, SyncStatus } from '../../shared/sync.js';
import type { CloudLinkStatus } from './cloudLink.js';
import type { OutboxBacklog } from './ports.js';

export interface StatusParts {
  settings: SyncSettings;
  link: CloudLinkStatus | null;
  /** When the link went off (sync disabled or no cloud broker). */
  offSince: number;
  backlog: OutboxBacklog;
  lastSyncMs: number | null;
  rates: { recordsPerSecond: number; bytesPerSecond: number };
  inFlight: number;
}

/** Sync's status as the Sync screen and /api/health show it (shared/sync.ts SyncStatus). */
export function composeStatus(parts: StatusParts): SyncStatus {
  const { settings, link, backlog } = parts;
  const off = !settings.enabled || settings.cloud === null || link === null;
  return {
    enabled: settings.enabled,
    link: off ? 'off' : link.state,
    detail: off ? offDetail(settings) : link.detail,
    broker: link?.broker ?? null,
    since: off ? parts.offSince : link.since,
    lastSyncMs: parts.lastSyncMs,
    recordsPerSecond: parts.rates.recordsPerSecond,
    bytesPerSecond: parts.rates.bytesPerSecond,
    inFlight: parts.inFlight,
    metered: settings.metered,
    backfillBytesPerSecond: settings.backfillBytesPerSecond,
    streams: backlog.streams,
    // Fill and warning as the outbox judges them (electron/config/syncRetention.ts), against the
    // trusted clock there, so a clock jump here does not make the backlog look old.
    outbox: {
      bytes: backlog.bytes,
      maxBytes: backlog.maxBytes,
      oldestAtMs: backlog.oldestAtMs,
      maxAgeDays: backlog.maxAgeDays,
      fillPercent: Math.max(0, backlog.fillPercent),
      warning: backlog.warning,
    },
    droppedRecords: backlog.droppedRecords,
  };
}

function offDetail(settings: SyncSettings): string {
  if (!settings.enabled) return 'cloud sync is not enabled';
  return 'no cloud broker is configured';
}
