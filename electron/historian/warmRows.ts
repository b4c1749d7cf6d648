import type { Database, Statement } from 'better-sqlite3';
import type { SampleRow } from './rowStreams.js';

/**
 * The `samples` table: recent rows of each tag in (tag, ts) order, between the hot tail and
 * the sealed chunks. Keeps an estimate of each tag's row count so that sealing knows which tags
 * have a chunk's worth without scanning (an over-estimate after a replaced duplicate corrects
 * itself at the next seal).
 */
export class WarmRows {
  private readonly counts = new Map<number, number>();
  private readonly range: Statement;
  private readonly rangeCount: Statement;
  private readonly atOrBefore: Statement;
  private readonly oldestRows: Statement;
  private readonly deleteThrough: Statement;
  private readonly deleteBefore: Statement;
  private readonly oldestRow: Statement;

  constructor(db: Database) {
    this.range = db
      .prepare('SELECT ts, value, quality FROM samples WHERE tag_key = ? AND ts >= ? AND ts <= ? ORDER BY ts')
      .raw(true);
    this.rangeCount = db
      .prepare('SELECT COUNT(*) FROM samples WHERE tag_key = ? AND ts >= ? AND ts <= ?')
      .pluck();
    this.atOrBefore = db
      .prepare(
        'SELECT ts, value, quality FROM samples WHERE tag_key = ? AND ts <= ? ORDER BY ts DESC LIMIT 1',
      )
      .raw(true);
    this.oldestRows = db
      .prepare('SELECT ts, value, quality FROM samples WHERE tag_key = ? ORDER BY ts LIMIT ?')
      .raw(true);
    this.deleteThrough = db.prepare('DELETE FROM samples WHERE tag_key = ? AND ts <= ?');
    this.deleteBefore = db.prepare('DELETE FROM samples WHERE tag_key = ? AND ts < ?');
    this.oldestRow = db.prepare('SELECT MIN(ts) FROM samples WHERE tag_key = ?').pluck();
    for (const [key, count] of db
      .prepare('SELECT tag_key, COUNT(*) FROM samples GROUP BY tag_key')
      .raw()
      .all() as [number, number][]) {
      this.counts.set(key, count);
    }
  }

  added(rowsByTag: Map<number, number>): void {
    for (const [key, count] of rowsByTag) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
  }

  estimate(key: number): number {
    return this.counts.get(key) ?? 0;
  }

  /** Tags with at least `rows` rows, by estimate. */
  tagsWithAtLeast(rows: number): number[] {
    return [...this.counts].filter(([, count]) => count >= rows).map(([key]) => key);
  }

  /** Removes and returns a tag's oldest rows, to be sealed (inside the caller's transaction). */
  takeOldest(key: number, limit: number): SampleRow[] {
    const rows = this.oldestRows.all(key, limit) as SampleRow[];
    const last = rows.at(-1);
    if (last) this.deleteThrough.run(key, last[0]);
    const left = rows.length < limit ? 0 : (this.counts.get(key) ?? rows.length) - rows.length;
    if (left > 0) this.counts.set(key, left);
    else this.counts.delete(key);
    return rows;
  }

  /** Removes a tag's rows older than `horizon` (retention); the count estimate stays high until the next seal. */
  dropBefore(key: number, horizon: number): number {
    return this.deleteBefore.run(key, horizon).changes;
  }

  oldest(key: number): number | undefined {
    return (this.oldestRow.get(key) as number | null) ?? undefined;
  }

  rows(key: number, from: number, to: number): IterableIterator<SampleRow> {
    return this.range.iterate(key, from, to) as IterableIterator<SampleRow>;
  }

  count(key: number, from: number, to: number): number {
    return this.rangeCount.get(key, from, to) as number;
  }

  lastAtOrBefore(key: number, at: number): SampleRow | undefined {
    return this.atOrBefore.get(key, at) as SampleRow | undefined;
  }
}
