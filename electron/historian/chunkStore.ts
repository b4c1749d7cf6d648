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

interface ChunkRow extends ChunkSummary {
  id: number;
  data: Uint8Array;
}

/**
 * Sealed chunks (migration 0003). A tag's chunks never overlap: rows sealed into a span that
 * chunks already cover (late data, a corrected device clock) are merged with those chunks,
 * which are rewritten.
 */
export class ChunkStore {
  private readonly overlapping: Statement;
  private readonly insert: Statement;
  private readonly remove: Statement;
  private readonly lastBefore: Statement;
  private readonly countIn: Statement;

  constructor(private readonly db: Database) {
    const columns = `id, start_ts AS startTs, end_ts AS endTs, count, first, last, min, max,
      worst_quality AS worstQuality, has_gap AS hasGap`;
    this.overlapping = db.prepare(
      `SELECT ${columns}, data FROM chunks WHERE tag_key = ? AND end_ts >= ? AND start_ts <= ? ORDER BY start_ts`,
    );
    this.insert = db.prepare(`INSERT INTO chunks
      (tag_key, start_ts, end_ts, count, first, last, min, max, worst_quality, has_gap, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.remove = db.prepare('DELETE FROM chunks WHERE id = ?');
    this.lastBefore = db.prepare(
      'SELECT data FROM chunks WHERE tag_key = ? AND start_ts <= ? ORDER BY start_ts DESC LIMIT 1',
    );
    this.countIn = db
      .prepare(
        'SELECT COALESCE(SUM(count), 0) FROM chunks WHERE tag_key = ? AND end_ts >= ? AND start_ts <= ?',
      )
      .pluck();
  }

  /** Seals rows (in time order, one per timestamp) of one tag, inside the caller's transaction. */
  seal(key: number, rows: readonly SampleRow[]): void {
    if (rows.length === 0) return;
    const overlapped = this.overlapping.all(key, rows[0]![0], rows.at(-1)![0]) as ChunkRow[];
    let merged: readonly SampleRow[] = rows;
    if (overlapped.length > 0) {
      const sealed = overlapped.flatMap((chunk) => decodeChunk(chunk.data));
      merged = [...mergeNewest(sealed, rows)];
      for (const chunk of overlapped) this.remove.run(chunk.id);
    }
    for (let i = 0; i < merged.length; i += CHUNK_ROWS) this.write(key, merged.slice(i, i + CHUNK_ROWS));
  }

  /** Summaries of the chunks that overlap [from, to], in time order. */
  summaries(key: number, from: number, to: number): (ChunkSummary & { id: number; data: Uint8Array })[] {
    return (this.overlapping.all(key, from, to) as ChunkRow[]).map((chunk) => ({
      ...chunk,
      hasGap: Boolean(chunk.hasGap),
    }));
  }

  /** The rows of [from, to], decoded chunk by chunk. */
  *rows(key: number, from: number, to: number): Generator<SampleRow> {
    for (const chunk of this.overlapping.iterate(key, from, to) as Iterable<ChunkRow>) {
      yield* within(decodeChunk(chunk.data), from, to);
    }
  }

  /** Samples in chunks overlapping [from, to]: exact inside, whole chunks at the edges. */
  countAtMost(key: number, from: number, to: number): number {
    return this.countIn.get(key, from, to) as number;
  }

  lastAtOrBefore(key: number, at: number): SampleRow | undefined {
    const chunk = this.lastBefore.get(key, at) as { data: Uint8Array } | undefined;
    if (!chunk) return undefined;
    const rows = decodeChunk(chunk.data);
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
    const data = encodeChunk(rows);
    this.insert.run(
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
      data,
    );
  }
}
