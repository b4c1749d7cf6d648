import type { Database, Statement } from 'better-sqlite3';
import { CommandRecordSchema, type CommandRecord } from '../../shared/commands.js';
import { parseStored } from './storedJson.js';
import type { OutboxJournal } from './syncOutbox.js';
import { commandRecord } from './syncRecords.js';
import type { CommandOutcomeUpdate, NewCommandRecord } from './types.js';

interface JournalRow {
  id: number;
  user: string;
  requested_ms: number;
  tag: string;
  target: string;
  old_value: string;
  new_value: string;
  outcome: string;
  outcome_ms: number;
  detail: string;
}

/**
 * The command journal in config.db (migration 0005). Records are only added and moved on to
 * their outcome, never deleted. A row that no longer parses is reported and skipped, never fatal.
 * While cloud sync is on, the record goes to the outbox (stream `commands`) when it is journaled
 * and again at its outcome, each in the transaction that writes it.
 */
export class CommandJournalTable {
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly one: Statement<[number], JournalRow>;
  private readonly newest: Statement<[number], JournalRow>;
  private readonly addTx: (record: NewCommandRecord) => CommandRecord;
  private readonly outcomeTx: (update: CommandOutcomeUpdate) => CommandRecord | null;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
    outbox: OutboxJournal,
  ) {
    this.insert = db.prepare(`
      INSERT INTO command_journal
        (user, requested_ms, tag, target, old_value, new_value, outcome, outcome_ms, detail)
      VALUES (@user, @requestedAt, @tag, @target, @oldValue, @newValue, @outcome, @outcomeAt, @detail)`);
    this.update = db.prepare(
      'UPDATE command_journal SET outcome = @outcome, outcome_ms = @outcomeAt, detail = @detail WHERE id = @id',
    );
    this.one = db.prepare('SELECT * FROM command_journal WHERE id = ?');
    this.newest = db.prepare('SELECT * FROM command_journal ORDER BY id DESC LIMIT ?');
    this.addTx = db.transaction((record: NewCommandRecord) => {
      const { lastInsertRowid } = this.insert.run({
        ...record,
        target: JSON.stringify(record.target),
        oldValue: JSON.stringify(record.oldValue),
        newValue: JSON.stringify(record.newValue),
      });
      const added = { ...record, id: Number(lastInsertRowid) };
      outbox.appendInTransaction([commandRecord(added, added.requestedAt)]);
      return added;
    });
    this.outcomeTx = db.transaction((update: CommandOutcomeUpdate) => {
      this.update.run(update);
      const row = this.one.get(update.id);
      const record = row ? this.parse(row) : null;
      if (record) outbox.appendInTransaction([commandRecord(record, record.outcomeAt)]);
      return record;
    });
  }

  add(record: NewCommandRecord): CommandRecord {
    return this.addTx(record);
  }

  /** Moves a record on to its outcome; null when there is no such record. */
  setOutcome(update: CommandOutcomeUpdate): CommandRecord | null {
    return this.outcomeTx(update);
  }

  list(limit: number): CommandRecord[] {
    return this.newest.all(limit).flatMap((row) => {
      const record = this.parse(row);
      return record ? [record] : [];
    });
  }

  private parse(row: JournalRow): CommandRecord | null {
    const columns = { target: row.target, old_value: row.old_value, new_value: row.new_value };
    return parseStored(
      columns,
      CommandRecordSchema,
      `command journal row ${row.id}`,
      this.onBadRow,
      (json) => ({
        id: row.id,
        user: row.user,
        requestedAt: row.requested_ms,
        tag: row.tag,
        target: json.target,
        oldValue: json.old_value,
        newValue: json.new_value,
        outcome: row.outcome,
        outcomeAt: row.outcome_ms,
        detail: row.detail,
      }),
    );
  }
}
