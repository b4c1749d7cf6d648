import type { Database, Statement } from 'better-sqlite3';
import type { SampleColumns } from './types.js';

export type SampleRow = [ts: number, value: number | null, quality: number];

/** Move the tail into the main tree when it holds this many rows… */
const MERGE_ROWS = 200_000;

/**
 * The hot tail (migration 0002): new samples are appended here in arrival order and moved into
 * `samples` in (tag, ts) order in one statement, so SQLite visits each tag's last leaf once per
 * merge instead of once per sample. Kept small, so reading it whole for a query stays cheap.
 */
export class SampleTail {
  private readonly insert: Statement;
  private readonly rangeRows: Statement;
  private readonly lastRow: Statement;
  private readonly mergeAll: () => void;
  private rows: number;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO sample_tail (tag_key, ts, value, quality) VALUES (?, ?, ?, ?)');
    this.rangeRows = db
      .prepare(
        'SELECT ts, value, quality FROM sample_tail WHERE tag_key = ? AND ts >= ? AND ts <= ? ORDER BY ts, rowid',
      )
      .raw(true);
    this.lastRow = db
      .prepare(
        'SELECT ts, value, quality FROM sample_tail WHERE tag_key = ? ORDER BY ts DESC, rowid DESC LIMIT 1',
      )
      .raw(true);
    // Later rowids win over earlier ones with the same (tag, ts): a redelivery replaces.
    this.mergeAll = db.transaction(() => {
      db.exec(`INSERT OR REPLACE INTO samples (tag_key, ts, value, quality)
               SELECT tag_key, ts, value, quality FROM sample_tail ORDER BY tag_key, ts, rowid;
               DELETE FROM sample_tail;`);
    });
    this.rows = db.prepare('SELECT COUNT(*) FROM sample_tail').pluck().get() as number;
  }

  get size(): number {
    return this.rows;
  }

  /** Appends a batch in one transaction; merges when the tail has grown large. */
  append(batch: SampleColumns): void {
    const { count, tagKeys, ts, values, qualities } = batch;
    this.db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const value = values[i]!;
        this.insert.run(tagKeys[i], ts[i], Number.isNaN(value) ? null : value, qualities[i]);
      }
    })();
    this.rows += count;
    if (this.rows >= MERGE_ROWS) this.merge();
  }

  merge(): void {
    if (this.rows === 0) return;
    this.mergeAll();
    this.rows = 0;
  }

  range(key: number, from: number, to: number): SampleRow[] {
    return this.rows === 0 ? [] : (this.rangeRows.all(key, from, to) as SampleRow[]);
  }

  last(key: number): SampleRow | undefined {
    return this.rows === 0 ? undefined : (this.lastRow.get(key) as SampleRow | undefined);
  }
}

/**
 * Merges rows from the main tree (in ts order) with rows from the tail (in ts order, later
 * deliveries last). Where both hold the same timestamp, the newest delivery wins.
 */
export function* mergeByTs(main: Iterable<SampleRow>, tail: SampleRow[]): Generator<SampleRow> {
  let t = 0;
  const pending: SampleRow[] = [];
  for (const row of main) {
    while (t < tail.length && tail[t]![0] < row[0]) pending.push(tail[t++]!);
    yield* drain(pending);
    let newest = row;
    while (t < tail.length && tail[t]![0] === row[0]) newest = tail[t++]!;
    yield newest;
  }
  while (t < tail.length) pending.push(tail[t++]!);
  yield* drain(pending);
}

/** Tail rows in ts order, keeping only the last of several with the same timestamp. */
function* drain(rows: SampleRow[]): Generator<SampleRow> {
  for (let i = 0; i < rows.length; i++) {
    if (i + 1 < rows.length && rows[i + 1]![0] === rows[i]![0]) continue;
    yield rows[i]!;
  }
  rows.length = 0;
}
