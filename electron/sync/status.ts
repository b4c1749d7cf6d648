import type { SyncSettings, SyncStatus } from '../../shared/sync.js';
import type { CloudLinkStatus } from './cloudLink.js';
import type { OutboxBacklog } from './ports.js';

const DAY_MS = 86_400_000;

export interface StatusParts {
  settings: SyncSettings;
  link: CloudLinkStatus | null;
  /** When the link went off (sync disabled or no cloud broker). */
  offSince: number;
  backlog: OutboxBacklog;
  lastSyncMs: number | null;
  rates: { recordsPerSecond: number; bytesPerSecond: number };
  inFlight: number;
  now: number;
}

/** Sync's status as the Sync screen and /api/health show it (shared/sync.ts SyncStatus). */
export function composeStatus(parts: StatusParts): SyncStatus {
  const { settings, link, backlog, now } = parts;
  const { maxBytes, maxAgeDays, warnPercent } = settings.outbox;
  const ageDays = backlog.oldestAtMs === null ? 0 : Math.max(0, now - backlog.oldestAtMs) / DAY_MS;
  const fillPercent = Math.max((backlog.bytes / maxBytes) * 100, (ageDays / maxAgeDays) * 100);
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
    outbox: {
      bytes: backlog.bytes,
      maxBytes,
      oldestAtMs: backlog.oldestAtMs,
      maxAgeDays,
      fillPercent: round1(fillPercent),
      warning:
        fillPercent >= warnPercent
          ? warning(fillPercent, backlog.bytes, maxBytes, ageDays, maxAgeDays)
          : null,
    },
    droppedRecords: backlog.droppedRecords,
  };
}

function offDetail(settings: SyncSettings): string {
  if (!settings.enabled) return 'cloud sync is not enabled';
  return 'no cloud broker is configured';
}

function warning(fill: number, bytes: number, maxBytes: number, ageDays: number, maxAgeDays: number): string {
  const size = `${mib(bytes)} of ${mib(maxBytes)} MiB`;
  const age = `oldest record ${ageDays.toFixed(1)} of ${maxAgeDays} days`;
  return (
    `The outbox is ${Math.round(fill)} % full (${size}, ${age}). At 100 % the oldest backfill is ` +
    `dropped, and the drop journaled. Restore the cloud link, raise the outbox limits, or drop ` +
    `backlog that is not needed.`
  );
}

const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
const round1 = (value: number) => Math.round(value * 10) / 10;
