import type { Database, Statement } from 'better-sqlite3';
import {
  AlarmJournalEntrySchema,
  type AlarmJournalEntry,
  type AlarmJournalFilter,
} from '../../shared/alarms.js';
import type { NewJournalEntry } from '../alarms/ports.js';
import { containsFolded, journalWhere } from './alarmJournalFilter.js';
import { parseStored } from './storedJson.js';

/** A row of alarm_journal as SQLite returns it. */
export interface JournalRow {
  seq: number;
  ts: number;
  alarm: string;
  tag: string;
  area: string;
  priority: string;
  message: string;
  from_state: string;
  to_state: string;
  trigger: string;
  user: string | null;
  station: string;
  comment: string;
  value: string;
  quality: number;
  level: string | null;
}

export interface JournalQuery {
  filter: AlarmJournalFilter;
  limit: number;
  beforeSeq?: number;
}

export interface JournalPage {
  entries: AlarmJournalEntry[];
  /** More lines match past the last one: ask again with its seq as beforeSeq. */
  more: boolean;
}

/** Where an oldest-first read (the CSV export) goes on: after the line (ts, seq). */
export interface JournalCursor {
  ts: number;
  seq: number;
}

/** Dynamic statements kept for reuse; filters come in few shapes, so a small cache suffices. */
const MAX_CACHED_STATEMENTS = 64;

/**
 * The alarm journal in config.db (migration 0006): lines are only added, and deleted only by
 * retention. Lines are parsed with the contract's schema when read; one that no longer parses
 * is reported and skipped, never fatal. Newest first means by time, then by seq (the order of
 * writing), so two lines at the same millisecond keep the order they happened in.
 */
export class AlarmJournalTable {
  private readonly insert: Statement;
  private readonly tsOf: Statement<[number], { ts: number }>;
  private readonly deleteOld: Statement<{ cutoff: number; chunk: number }>;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    db.function('wk_contains', { deterministic: true }, containsFolded);
    this.insert = db.prepare(`
      INSERT INTO alarm_journal (ts, alarm, tag, area, priority, message, from_state, to_state,
        trigger, user, station, comment, value, quality, level)
      VALUES (@ts, @alarm, @tag, @area, @priority, @message, @from, @to, @trigger, @user, @station,
        @comment, @value, @quality, @level)`);
    this.tsOf = db.prepare('SELECT ts FROM alarm_journal WHERE seq = ?');
    this.deleteOld = db.prepare(`
      DELETE FROM alarm_journal WHERE seq IN
        (SELECT seq FROM alarm_journal WHERE ts < @cutoff ORDER BY ts LIMIT @chunk)`);
  }

  /** Call inside a transaction (AlarmStore.writeBatch); returns the line's seq. */
  append(entry: NewJournalEntry): number {
    return Number(this.insert.run({ ...entry, value: JSON.stringify(entry.value) }).lastInsertRowid);
  }

  /** Newest first, at most `limit`; `beforeSeq` continues after that line. */
  query({ filter, limit, beforeSeq }: JournalQuery): JournalPage {
    const where = journalWhere(filter);
    let cursor = '';
    const params: Record<string, string | number> = { ...where.params, limit: limit + 1 };
    if (beforeSeq !== undefined) {
      const before = this.tsOf.get(beforeSeq);
      // A line retention has deleted was older than every line still kept: go on by seq alone.
      cursor = before
        ? ' AND ts <= @beforeTs AND (ts < @beforeTs OR seq < @beforeSeq)'
        : ' AND seq < @beforeSeq';
      Object.assign(params, { beforeSeq, beforeTs: before?.ts ?? 0 });
    }
    const rows = this.statement(
      `SELECT * FROM alarm_journal WHERE ${where.sql}${cursor} ORDER BY ts DESC, seq DESC LIMIT @limit`,
    ).all(params) as JournalRow[];
    const more = rows.length > limit;
    return { entries: this.parseAll(more ? rows.slice(0, limit) : rows), more };
  }

  /** Oldest first, at most `limit` raw rows after `after` (the CSV export's pages). */
  rowsAfter(filter: AlarmJournalFilter, after: JournalCursor | null, limit: number): JournalRow[] {
    const where = journalWhere(filter);
    const cursor = after ? ' AND ts >= @afterTs AND (ts > @afterTs OR seq > @afterSeq)' : '';
    const params = { ...where.params, limit, afterTs: after?.ts ?? 0, afterSeq: after?.seq ?? 0 };
    return this.statement(
      `SELECT * FROM alarm_journal WHERE ${where.sql}${cursor} ORDER BY ts, seq LIMIT @limit`,
    ).all(params) as JournalRow[];
  }

  /** Deletes at most `chunk` lines older than `cutoff`, oldest first; answers how many. */
  deleteOlderThan(cutoff: number, chunk: number): number {
    return this.deleteOld.run({ cutoff, chunk }).changes;
  }

  parse(row: JournalRow): AlarmJournalEntry | null {
    const what = `alarm journal line ${row.seq}`;
    return parseStored({ value: row.value }, AlarmJournalEntrySchema, what, this.onBadRow, ({ value }) => ({
      seq: row.seq,
      ts: row.ts,
      alarm: row.alarm,
      tag: row.tag,
      area: row.area,
      priority: row.priority,
      message: row.message,
      from: row.from_state,
      to: row.to_state,
      trigger: row.trigger,
      user: row.user,
      station: row.station,
      comment: row.comment,
      value,
      quality: row.quality,
      level: row.level,
    }));
  }

  private parseAll(rows: JournalRow[]): AlarmJournalEntry[] {
    return rows.flatMap((row) => {
      const entry = this.parse(row);
      return entry ? [entry] : [];
    });
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
