import type { Database, Statement } from 'better-sqlite3';
import { Quality, worseQuality } from '../../shared/quality.js';
import { decodeChunk, encodeChunk } from './codec/chunkCodec.js';
import { chartValue, mergeNewest, within, type SampleRow } from './rowStreams.js';

/** Samples per sealed chunk: large enough to compress well, small enough to decode quickly. */
export const CHUNK_ROWS = 512;

/** What a chart needs of a chunk without decoding it; values are chart values (bad → null). */
export interface ChunkSummary {
  startTs: number;
  endTs: number;
  count: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  worstQuality: number;
  hasGap: boolean;
}

type ChunkRow = ChunkSummary & { dataId: number };

/**
 * Chunks of a tag overlapping [@from, @to]. Chunks never overlap, so the first one that can is
 * the last to start at or before @from: one index seek, however much older history there is.
 */
const OVERLAPPING = `tag_key = @key AND start_ts <= @to AND end_ts >= @from
  AND start_ts >= COALESCE((SELECT MAX(start_ts) FROM chunks WHERE tag_key = @key AND start_ts <= @from), @from)`;

/**
 * Sealed chunks (migration 0003). A tag's chunks never overlap: rows sealed into a span that
 * chunks already cover (late data, a corrected device clock) are merged with those chunks,
 * which are rewritten.
 */
export class ChunkStore {
  private readonly overlapping: Statement;
  private readonly dataOf: Statement;
  private readonly insertData: Statement;
  private readonly insertChunk: Statement;
  private readonly removeData: Statement;
  private readonly removeChunk: Statement;
  private readonly lastBefore: Statement;
  private readonly countIn: Statement;

  constructor(db: Database) {
    this.overlapping = db
      .prepare(
        `SELECT start_ts, end_ts, count, first, last, min, max, worst_quality, has_gap, data_id
        FROM chunks WHERE ${OVERLAPPING} ORDER BY start_ts`,
      )
      .raw(true);
    this.dataOf = db.prepare('SELECT data FROM chunk_data WHERE id = ?').pluck();
    this.insertData = db.prepare('INSERT INTO chunk_data (data) VALUES (?)');
    this.insertChunk = db.prepare(`INSERT INTO chunks
      (tag_key, start_ts, end_ts, count, first, last, min, max, worst_quality, has_gap, data_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.removeData = db.prepare('DELETE FROM chunk_data WHERE id = ?');
    this.removeChunk = db.prepare('DELETE FROM chunks WHERE tag_key = ? AND start_ts = ?');
    this.lastBefore = db
      .prepare(
        'SELECT data_id FROM chunks WHERE tag_key = ? AND start_ts <= ? ORDER BY start_ts DESC LIMIT 1',
      )
      .pluck();
    this.countIn = db.prepare(`SELECT COALESCE(SUM(count), 0) FROM chunks WHERE ${OVERLAPPING}`).pluck();
  }

  /** Seals rows (in time order, one per timestamp) of one tag, inside the caller's transaction. */
  seal(key: number, rows: readonly SampleRow[]): void {
    if (rows.length === 0) return;
    const overlapped = this.summaries(key, rows[0]![0], rows.at(-1)![0]);
    let merged: readonly SampleRow[] = rows;
    if (overlapped.length > 0) {
      const sealed = overlapped.flatMap((chunk) => this.rowsOf(chunk.dataId));
      merged = [...mergeNewest(sealed, rows)];
      for (const chunk of overlapped) {
        this.removeChunk.run(key, chunk.startTs);
        this.removeData.run(chunk.dataId);
      }
    }
    for (let i = 0; i < merged.length; i += CHUNK_ROWS) this.write(key, merged.slice(i, i + CHUNK_ROWS));
  }

  /** Summaries of the chunks that overlap [from, to], in time order. */
  summaries(key: number, from: number, to: number): ChunkRow[] {
    // Raw arrays: building tens of thousands of keyed objects in SQLite's binding is slower.
    const rows = this.overlapping.all({ key, from, to }) as [number, number, number, ...(number | null)[]][];
    return rows.map(([startTs, endTs, count, first, last, min, max, worstQuality, hasGap, dataId]) => ({
      startTs,
      endTs,
      count,
      first: first ?? null,
      last: last ?? null,
      min: min ?? null,
      max: max ?? null,
      worstQuality: worstQuality!,
      hasGap: hasGap === 1,
      dataId: dataId!,
    }));
  }

  /** The rows of one chunk, for a summary that cannot stand in for them. */
  rowsOf(dataId: number): SampleRow[] {
    return decodeChunk(this.dataOf.get(dataId) as Uint8Array);
  }

  /** The rows of [from, to], decoded chunk by chunk. */
  *rows(key: number, from: number, to: number): Generator<SampleRow> {
    for (const chunk of this.summaries(key, from, to)) yield* within(this.rowsOf(chunk.dataId), from, to);
  }

  /** Samples in chunks overlapping [from, to]: exact inside, whole chunks at the edges. */
  countAtMost(key: number, from: number, to: number): number {
    return this.countIn.get({ key, from, to }) as number;
  }

  lastAtOrBefore(key: number, at: number): SampleRow | undefined {
    const dataId = this.lastBefore.get(key, at) as number | undefined;
    if (dataId === undefined) return undefined;
    const rows = this.rowsOf(dataId);
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i]![0] <= at) return rows[i];
    return undefined;
  }

  private write(key: number, rows: readonly SampleRow[]): void {
    let min: number | null = null;
    let max: number | null = null;
    let worst: number = Quality.Good;
    let hasGap = false;
    for (const row of rows) {
      worst = worseQuality(worst, row[2]);
      const value = chartValue(row[1], row[2]);
      if (value === null) hasGap = true;
      else {
        if (min === null || value < min) min = value;
        if (max === null || value > max) max = value;
      }
    }
    const first = chartValue(rows[0]![1], rows[0]![2]);
    const last = chartValue(rows.at(-1)![1], rows.at(-1)![2]);
    const { lastInsertRowid } = this.insertData.run(encodeChunk(rows));
    this.insertChunk.run(
      key,
      rows[0]![0],
      rows.at(-1)![0],
      rows.length,
      first,
      last,
      min,
      max,
      worst,
      hasGap ? 1 : 0,
      lastInsertRowid,
    );
  }
}
