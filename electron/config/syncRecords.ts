import type { AlarmJournalEntry } from '../../shared/alarms.js';
import type { CommandRecord } from '../../shared/commands.js';
import type { AuditRecord } from '../../shared/sync.js';
import type { OutboxRecord } from '../sync/ports.js';

/**
 * The records config.db's own writes put in the outbox, in the shapes of shared/sync.ts: the
 * journals' lines as the site's API returns them plus `at`, and audit records of configuration
 * changes. Made here, in the worker, inside the transaction that writes what they record.
 */

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
