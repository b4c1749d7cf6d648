import type { Database, Statement } from 'better-sqlite3';
import type { EventsResult, TagEvent } from '../../shared/domain.js';
import type { EventBatch, EventsQuery } from './types.js';

export type EventRow = [ts: number, text: string | null, quality: number];

/**
 * The `events` table (migration 0006): string tags' texts, one row per change, keyed (tag, ts).
 * Texts are few and small beside samples, so they skip the tail, warm rows and chunks and go
 * straight into their tree; a redelivered event replaces its row.
 */
export class EventStore {
  private readonly insert: Statement;
  private readonly newest: Statement;
  private readonly oldest: Statement;
  private readonly atOrBefore: Statement;
  private readonly all: Statement;
  private readonly deleteBefore: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO events (tag_key, ts, text, quality) VALUES (?, ?, ?, ?)',
    );
    const range =
      'SELECT ts, text, quality FROM events WHERE tag_key = ? AND ts >= ? AND ts <= ? ORDER BY ts';
    this.newest = db.prepare(`${range} DESC LIMIT ?`).raw(true);
    this.oldest = db.prepare(`${range} LIMIT ?`).raw(true);
    this.all = db.prepare(range).raw(true);
    this.atOrBefore = db
      .prepare('SELECT ts, text, quality FROM events WHERE tag_key = ? AND ts <= ? ORDER BY ts DESC LIMIT 1')
      .raw(true);
    this.deleteBefore = db.prepare('DELETE FROM events WHERE tag_key = ? AND ts < ?');
  }

  /**
   * Writes a batch in one transaction and answers how many events it stored. An event without a
   * usable time is left out: kept, it would fail the whole batch on every retry.
   */
  append(batch: EventBatch): number {
    let stored = 0;
    this.db.transaction(() => {
      for (let i = 0; i < batch.count; i++) {
        const ts = batch.ts[i];
        if (ts === undefined || !Number.isSafeInteger(ts)) continue;
        this.insert.run(batch.tagKeys[i], ts, batch.texts[i] ?? null, batch.qualities[i]);
        stored++;
      }
    })();
    return stored;
  }

  /** At most `limit` events in [from, to], from the chosen end; `more` says whether any were left. */
  query({ key, tag, from, to, limit, order }: EventsQuery): EventsResult {
    const statement = order === 'newest' ? this.newest : this.oldest;
    const rows = statement.all(key, from, to, limit + 1) as EventRow[];
    const events: TagEvent[] = rows.slice(0, limit).map(([ts, text, quality]) => ({ ts, text, quality }));
    return { tag, from, to, order, events, more: rows.length > limit };
  }

  /** Every event of a tag in [from, to], oldest first (an export window). */
  range(key: number, from: number, to: number): EventRow[] {
    return this.all.all(key, from, to) as EventRow[];
  }

  lastAtOrBefore(key: number, at: number): EventRow | undefined {
    return this.atOrBefore.get(key, at) as EventRow | undefined;
  }

  /** Removes a tag's events older than `horizon` (retention). */
  dropBefore(key: number, horizon: number): number {
    return this.deleteBefore.run(key, horizon).changes;
  }
}
