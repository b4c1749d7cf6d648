import type { AlarmJournalEntry } from '../../shared/alarms.js';
import type { CommandRecord } from '../../shared/commands.js';
import { SYNC_STREAMS, type AuditRecord, type SyncSettings, type SyncStream } from '../../shared/sync.js';
import type { OutboxRecord } from '../sync/ports.js';
import { MAX_RECORD_LINE_BYTES } from './syncSealing.js';

/**
 * The records config.db's own writes put in the outbox, in the shapes of shared/sync.ts: the
 * journals' lines as the site's API returns them plus `at`, and audit records of configuration
 * changes. Made here, in the worker, inside the transaction that writes what they record.
 */

/** A configuration change on site, for the audit stream. */
export interface AuditChange {
  /** `tag`, `device`, `mappings`, `binding`, `alarmSettings`, `brokers`, … */
  what: string;
  id: string | null;
  version: number | null;
  by: string;
  summary: string;
  /** When it was made; default now. */
  at?: number;
}

/** What config.db's own tables use to put records in the outbox, inside their own transactions. */
export interface OutboxJournal {
  appendInTransaction(records: OutboxRecord[]): void;
  audit(change: AuditChange): void;
}

export function alarmRecord(entry: AlarmJournalEntry): OutboxRecord {
  return { stream: 'alarms', at: entry.ts, line: JSON.stringify({ ...entry, at: entry.ts }) };
}

/** A command when journaled (at: requested) and again at its outcome (at: the outcome's time). */
export function commandRecord(record: CommandRecord, at: number): OutboxRecord {
  return { stream: 'commands', at, line: JSON.stringify({ ...record, at }) };
}

const MAX_SUMMARY = 2_000;

export function auditRecord(record: Omit<AuditRecord, 'summary'> & { summary: string }): OutboxRecord {
  const summary =
    record.summary.length > MAX_SUMMARY ? `${record.summary.slice(0, MAX_SUMMARY - 1)}…` : record.summary;
  return { stream: 'audit', at: record.at, line: JSON.stringify({ ...record, summary }) };
}

/** A change of a versioned item (tag, device, binding, settings): who, what, which version. */
export function changeRecord(
  what: string,
  id: string | null,
  version: number | null,
  by: string,
  at: number,
  summary: string,
): OutboxRecord {
  return auditRecord({ at, by, what, id, version, summary });
}

/** Why a producer's record cannot be taken, or null. */
export function recordProblem(record: OutboxRecord): string | null {
  if (!Object.hasOwn(SYNC_STREAMS, record.stream)) return `unknown stream "${String(record.stream)}"`;
  if (!Number.isSafeInteger(record.at) || record.at < 0) return `a ${record.stream} record has no valid time`;
  if (typeof record.line !== 'string' || record.line.length === 0)
    return `a ${record.stream} record has no line`;
  if (Buffer.byteLength(record.line) > MAX_RECORD_LINE_BYTES)
    return `a ${record.stream} record is over ${MAX_RECORD_LINE_BYTES} bytes`;
  return null;
}

/** Records grouped by stream, each group in the order given. */
export function byStream(records: readonly OutboxRecord[]): Map<SyncStream, OutboxRecord[]> {
  const groups = new Map<SyncStream, OutboxRecord[]>();
  for (const record of records) {
    const group = groups.get(record.stream);
    if (group) group.push(record);
    else groups.set(record.stream, [record]);
  }
  return groups;
}

/** The audit summary of a sync settings change. */
export function describeSettings(settings: SyncSettings): string {
  const state = settings.enabled ? (settings.cloud ? 'on' : 'enabled, no cloud broker') : 'off';
  const broker = settings.cloud ? ` to ${settings.cloud.url}` : '';
  const metered = settings.metered ? ', metered link' : '';
  return `cloud sync ${state}${broker}${metered}`;
}
