import type { StreamBacklog, SyncLinkState, SyncStatus } from '../../shared/sync.js';

/**
 * Cloud sync in words, for the status bar chip and the Sync screen. States are told in words,
 * never by colour alone (an abnormal one also gets the triangle the status bar draws); only
 * what needs someone's attention is abnormal.
 */

export const LINK_WORDS: Readonly<Record<SyncLinkState, string>> = {
  off: 'off',
  connecting: 'connecting…',
  up: 'up',
  degraded: 'degraded',
  down: 'down',
};

/** Degraded and down need a look; off is a choice and connecting is on its way. */
export function isLinkAbnormal(link: SyncLinkState): boolean {
  return link === 'degraded' || link === 'down';
}

/** `45 s`, `12 min`, `3 h`, `5 d`: one unit, rounded down, for an age read at a glance. */
export function formatCoarseAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** `0 B`, `812 B`, `14.2 kB`, `3.1 MB`, `2.0 GB` (1000s, as link rates are counted). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** The oldest record still waiting anywhere, or null when nothing waits. */
export function oldestWaiting(status: Pick<SyncStatus, 'streams'>): number | null {
  let oldest: number | null = null;
  for (const stream of status.streams)
    if (stream.records > 0 && stream.oldestAtMs !== null && (oldest === null || stream.oldestAtMs < oldest))
      oldest = stream.oldestAtMs;
  return oldest;
}

export interface SyncChip {
  text: string;
  abnormal: boolean;
  /** Lines for the tooltip: broker, why, backlog. */
  detail: string[];
}

/**
 * The status bar chip: `Cloud up`, `Cloud down · backlog 3 h`. The backlog shows only when
 * something waits; a full-ish outbox (its warning) is abnormal even while the link is up.
 */
export function syncChip(status: SyncStatus | null, now: number): SyncChip {
  if (status === null)
    return { text: 'Cloud …', abnormal: false, detail: ['Cloud sync: status not known yet'] };
  const oldest = oldestWaiting(status);
  const waiting = status.streams.reduce((sum, stream) => sum + stream.records, 0);
  const backlog = oldest === null ? '' : ` · backlog ${formatCoarseAge(now - oldest)}`;
  const detail = [
    `Cloud sync ${LINK_WORDS[status.link]}${status.broker ? ` to ${status.broker}` : ''}`,
    ...(status.detail ? [status.detail] : []),
    waiting > 0 ? `${waiting.toLocaleString('en')} records waiting` : 'Nothing waiting',
    ...(status.outbox.warning ? [status.outbox.warning] : []),
  ];
  return {
    text: `Cloud ${LINK_WORDS[status.link]}${backlog}`,
    abnormal: isLinkAbnormal(status.link) || status.outbox.warning !== null,
    detail,
  };
}

/** A stream's oldest waiting record as an age, `—` when it has none. */
export function streamAge(stream: StreamBacklog, now: number): string {
  return stream.records > 0 && stream.oldestAtMs !== null ? formatCoarseAge(now - stream.oldestAtMs) : '—';
}

/** `1.2 kB/s · 340 rec/s`, or `idle`. */
export function formatThroughput(status: Pick<SyncStatus, 'bytesPerSecond' | 'recordsPerSecond'>): string {
  if (status.bytesPerSecond === 0 && status.recordsPerSecond === 0) return 'idle';
  const records =
    status.recordsPerSecond >= 10 ? status.recordsPerSecond.toFixed(0) : status.recordsPerSecond.toFixed(1);
  return `${formatBytes(status.bytesPerSecond)}/s · ${records} rec/s`;
}

/** `unlimited`, or `50 kB/s` (and `metered: live and hourly rollups only`). */
export function formatBudget(status: Pick<SyncStatus, 'backfillBytesPerSecond' | 'metered'>): string {
  const budget =
    status.backfillBytesPerSecond === null ? 'unlimited' : `${formatBytes(status.backfillBytesPerSecond)}/s`;
  return status.metered ? `${budget}; metered: live and hourly rollups only` : budget;
}

/** The outbox fill bar's width, 0–100, however far past its limit the outbox is. */
export function fillWidth(fillPercent: number): number {
  return Math.min(100, Math.max(0, fillPercent));
}
