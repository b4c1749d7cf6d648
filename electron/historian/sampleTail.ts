import type { Database, Statement } from 'better-sqlite3';
import type { SampleRow } from './rowStreams.js';
import type { SampleColumns } from './types.js';

/** Move the tail into the main tree when it holds this many rows (or on the maintenance timer). */
export const MERGE_ROWS = 200_000;
/** Rows per multi-row INSERT: a few hundred bound values per call amortise the call's cost. */
const ROWS_PER_INSERT = 128;

/**
 * The hot tail (migration 0002): new samples are appended here in arrival order and moved into
 * `samples` in (tag, ts) order in one statement, so SQLite visits each tag's last leaf once per
 * merge instead of once per sample. Kept small, so reading it whole for a query stays cheap.
 */
export class SampleTail {
  private readonly insert: Statement;
  private readonly insertMany: Statement;
  private readonly rangeRows: Statement;
  private readonly lastRow: Statement;
  private readonly mergeAll: () => void;
  private readonly countByTag: Statement;
  private counts: Map<number, number>;
  private readonly allRows: Statement;
  private readonly oldestRow: Statement;
  private rows: number;

  /**
   * `inMerge` runs inside the merge's transaction, after the rows moved (the rollups are written
   * there, so they commit with the raw rows they describe); `onMerged` then learns how many rows
   * of each tag moved into the main table.
   */
  constructor(
    private readonly db: Database,
    private readonly onMerged: (rowsByTag: Map<number, number>) => void = () => {},
    inMerge: () => void = () => {},
  ) {
    this.insert = db.prepare('INSERT INTO sample_tail (tag_key, ts, value, quality) VALUES (?, ?, ?, ?)');
    this.insertMany = db.prepare(
      `INSERT INTO sample_tail (tag_key, ts, value, quality) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    this.rangeRows = db
      .prepare(
        'SELECT ts, value, quality FROM sample_tail WHERE tag_key = ? AND ts >= ? AND ts <= ? ORDER BY ts, rowid',
      )
      .raw(true);
    this.lastRow = db
      .prepare(
        'SELECT ts, value, quality FROM sample_tail WHERE tag_key = ? AND ts <= ? ORDER BY ts DESC, rowid DESC LIMIT 1',
      )
      .raw(true);
    // Later rowids win over earlier ones with the same (tag, ts): a redelivery replaces.
    this.mergeAll = db.transaction(() => {
      db.exec(`INSERT OR REPLACE INTO samples (tag_key, ts, value, quality)
               SELECT tag_key, ts, value, quality FROM sample_tail ORDER BY tag_key, ts, rowid;
               DELETE FROM sample_tail;`);
      inMerge();
    });
    this.oldestRow = db.prepare('SELECT MIN(ts) FROM sample_tail WHERE tag_key = ?').pluck();
    this.allRows = db.prepare('SELECT tag_key, ts, value, quality FROM sample_tail ORDER BY rowid').raw(true);
    this.countByTag = db.prepare('SELECT tag_key, COUNT(*) FROM sample_tail GROUP BY tag_key').raw(true);
    // Rows per tag, kept as batches arrive (counting at merge time would scan the tail again).
    this.counts = new Map(this.countByTag.all() as [number, number][]);
    this.rows = db.prepare('SELECT COUNT(*) FROM sample_tail').pluck().get() as number;
  }

  get size(): number {
    return this.rows;
  }

  /**
   * Appends a batch in one transaction (the caller merges when the tail has grown large), many
   * rows per statement: each statement call costs far more than a row.
   */
  append(batch: SampleColumns): void {
    const { count, tagKeys, ts, values, qualities } = batch;
    const params = new Array<number | null>(ROWS_PER_INSERT * 4);
    this.db.transaction(() => {
      let i = 0;
      for (; i + ROWS_PER_INSERT <= count; i += ROWS_PER_INSERT) {
        for (let r = 0, p = 0; r < ROWS_PER_INSERT; r++) {
          const value = values[i + r]!;
          params[p++] = tagKeys[i + r]!;
          params[p++] = ts[i + r]!;
          params[p++] = Number.isNaN(value) ? null : value;
          params[p++] = qualities[i + r]!;
        }
        this.insertMany.run(params);
      }
      for (; i < count; i++) {
        const value = values[i]!;
        this.insert.run(tagKeys[i], ts[i], Number.isNaN(value) ? null : value, qualities[i]);
      }
    })();
    this.rows += count;
    for (let i = 0; i < count; i++) this.counts.set(tagKeys[i]!, (this.counts.get(tagKeys[i]!) ?? 0) + 1);
  }

  merge(): void {
    if (this.rows === 0) return;
    const counts = this.counts;
    this.mergeAll();
    this.rows = 0;
    this.counts = new Map();
    this.onMerged(counts);
  }

  /** Every row in arrival order, as columns: what a crash left behind, replayed on start. */
  pending(): SampleColumns {
    const rows = this.allRows.all() as [number, number, number | null, number][];
    return {
      count: rows.length,
      tagKeys: Int32Array.from(rows, (r) => r[0]),
      ts: Float64Array.from(rows, (r) => r[1]),
      values: Float64Array.from(rows, (r) => r[2] ?? NaN),
      qualities: Uint32Array.from(rows, (r) => r[3]),
    };
  }

  /** The oldest row of a tag in the tail (a scan: for the rare tag with nothing stored yet). */
  oldest(key: number): number | undefined {
    return this.rows === 0 ? undefined : ((this.oldestRow.get(key) as number | null) ?? undefined);
  }

  range(key: number, from: number, to: number): SampleRow[] {
    return this.rows === 0 ? [] : (this.rangeRows.all(key, from, to) as SampleRow[]);
  }

  lastAtOrBefore(key: number, at: number): SampleRow | undefined {
    return this.rows === 0 ? undefined : (this.lastRow.get(key, at) as SampleRow | undefined);
  }
}
