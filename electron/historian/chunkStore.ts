import type { Database, Statement } from 'better-sqlite3';
import { decodeChunk, encodeChunk, joinChunks } from './codec/chunkCodec.js';
import { decodeBlocks, mergeSummaries, summarize, type ChunkSummary } from './chunkSummary.js';
import { mergeNewest, within, type SampleRow } from './rowStreams.js';

/** Samples per sealed chunk: enough to compress well, few enough to keep recent rows small. */
export const CHUNK_ROWS = 512;
/**
 * Runs of adjacent small chunks are merged up to this size (like an LSM compaction), so that a
 * year at 1 Hz is some 8,000 chunk summaries rather than 60,000.
 */
export const COMPACT_ROWS = 4096;

type ChunkRow = ChunkSummary & { dataId: number };

/**
 * Recently decoded chunks, least recently used first out. An export walks a window at a time
 * across hundreds of tags and a trend re-reads the range it shows; both would otherwise decode
 * the same compacted chunk dozens of times. Kept as typed columns (20 bytes a sample), 256
 * chunks of 4,096 samples hold at most 21 MB.
 */
const DECODED_CACHE = 256;

export interface Columns {
  ts: Float64Array;
  values: Float64Array;
  qualities: Uint32Array;
}

function toColumns(rows: readonly SampleRow[]): Columns {
  const n = rows.length;
  const columns = { ts: new Float64Array(n), values: new Float64Array(n), qualities: new Uint32Array(n) };
  rows.forEach(([ts, value, quality], i) => {
    columns.ts[i] = ts;
    columns.values[i] = value ?? NaN;
    columns.qualities[i] = quality;
  });
  return columns;
}

function toRows({ ts, values, qualities }: Columns): SampleRow[] {
  const rows: SampleRow[] = new Array(ts.length);
  for (let i = 0; i < ts.length; i++)
    rows[i] = [ts[i]!, Number.isNaN(values[i]!) ? null : values[i]!, qualities[i]!];
  return rows;
}

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
  private readonly smallChunks: Statement;
  private readonly blocksOfChunk: Statement;
  private readonly decoded = new Map<number, Columns>();
  private readonly chunksBetween: Statement;
  private readonly oldBefore: Statement;
  private readonly oldest: Statement;
  private readonly oldestOfTag: Statement;

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
      (tag_key, start_ts, end_ts, count, first, last, min, max, worst_quality, has_gap, data_id, blocks)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.removeData = db.prepare('DELETE FROM chunk_data WHERE id = ?');
    this.removeChunk = db.prepare('DELETE FROM chunks WHERE tag_key = ? AND start_ts = ?');
    this.lastBefore = db
      .prepare(
        'SELECT end_ts, data_id FROM chunks WHERE tag_key = ? AND start_ts <= ? ORDER BY start_ts DESC LIMIT 1',
      )
      .raw(true);
    this.countIn = db.prepare(`SELECT COALESCE(SUM(count), 0) FROM chunks WHERE ${OVERLAPPING}`).pluck();
    this.blocksOfChunk = db.prepare('SELECT blocks FROM chunks WHERE tag_key = ? AND start_ts = ?').pluck();
    this.smallChunks = db
      .prepare(
        'SELECT start_ts, count, data_id FROM chunks WHERE tag_key = ? AND count < ? ORDER BY start_ts',
      )
      .raw(true);
    this.oldBefore = db
      .prepare(
        'SELECT start_ts, count, data_id FROM chunks WHERE tag_key = ? AND end_ts < ? ORDER BY start_ts LIMIT ?',
      )
      .raw(true);
    this.oldest = db.prepare('SELECT MIN(start_ts) FROM chunks').pluck();
    this.oldestOfTag = db.prepare('SELECT MIN(start_ts) FROM chunks WHERE tag_key = ?').pluck();
    this.chunksBetween = db
      .prepare('SELECT COUNT(*) FROM chunks WHERE tag_key = ? AND start_ts > ? AND start_ts < ?')
      .pluck();
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
        this.removeChunkAndData(key, chunk.startTs, chunk.dataId);
      }
    }
    for (let i = 0; i < merged.length; i += CHUNK_ROWS) this.write(key, merged.slice(i, i + CHUNK_ROWS));
  }

  /**
   * Merges the oldest run of adjacent small chunks of a tag into one, once the run holds nearly
   * a full compacted chunk; inside the caller's transaction. Returns the rows rewritten (0: none).
   */
  compact(key: number): number {
    const enough = (COMPACT_ROWS * 7) / 8;
    let run: [number, number, number][] = [];
    let rows = 0;
    for (const chunk of this.smallChunks.all(key, COMPACT_ROWS) as [number, number, number][]) {
      const previous = run.at(-1);
      const adjacent = previous !== undefined && this.chunksBetween.get(key, previous[0], chunk[0]) === 0;
      if (previous && (!adjacent || rows + chunk[1] > COMPACT_ROWS)) {
        if (run.length >= 2 && rows >= enough) break;
        [run, rows] = [[], 0];
      }
      run.push(chunk);
      rows += chunk[1];
    }
    if (run.length < 2 || rows < enough) return 0;
    const ids = new Set(run.map(([, , dataId]) => dataId));
    const parts = this.summaries(key, run[0]![0], run.at(-1)![0]).filter((chunk) => ids.has(chunk.dataId));
    const data = joinChunks(parts.map((chunk) => this.dataOf.get(chunk.dataId) as Uint8Array));
    for (const chunk of parts) this.removeChunkAndData(key, chunk.startTs, chunk.dataId);
    this.insertSummary(key, mergeSummaries(parts), data);
    return rows;
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

  /** Block summaries of a compacted chunk, or null for a chunk of one block. */
  blocksOf(key: number, startTs: number): ChunkSummary[] | null {
    const bytes = this.blocksOfChunk.get(key, startTs) as Uint8Array | null;
    return bytes ? decodeBlocks(bytes) : null;
  }

  /** The rows of one chunk, for a summary that cannot stand in for them. */
  rowsOf(dataId: number): SampleRow[] {
    return toRows(this.columnsOf(dataId));
  }

  /** A chunk's samples as typed columns (NaN: no value), from the cache when it is there. */
  columnsOf(dataId: number): Columns {
    const cached = this.decoded.get(dataId);
    if (cached) {
      this.decoded.delete(dataId); // refresh its place in the LRU order
      this.decoded.set(dataId, cached);
      return cached;
    }
    const columns = toColumns(decodeChunk(this.dataOf.get(dataId) as Uint8Array));
    this.decoded.set(dataId, columns);
    if (this.decoded.size > DECODED_CACHE) this.decoded.delete(this.decoded.keys().next().value!);
    return columns;
  }

  /**
   * Removes up to `limit` of a tag's chunks that end before `horizon`, oldest first, inside the
   * caller's transaction; returns the samples removed. A chunk that reaches past the horizon is
   * kept whole: retention keeps at least what it promises.
   */
  dropBefore(key: number, horizon: number, limit: number): number {
    let samples = 0;
    for (const [startTs, count, dataId] of this.oldBefore.all(key, horizon, limit) as number[][]) {
      this.removeChunkAndData(key, startTs!, dataId!);
      samples += count!;
    }
    return samples;
  }

  /** The oldest sealed sample of any tag, or null when nothing is sealed. */
  oldestTs(): number | null {
    return (this.oldest.get() as number | null) ?? null;
  }

  /** The oldest sealed sample of one tag. */
  oldestOf(key: number): number | undefined {
    return (this.oldestOfTag.get(key) as number | null) ?? undefined;
  }

  private removeChunkAndData(key: number, startTs: number, dataId: number): void {
    this.removeChunk.run(key, startTs);
    this.removeData.run(dataId);
    this.decoded.delete(dataId); // a rowid can be handed out again
  }

  /** The rows of [from, to], decoded chunk by chunk. */
  *rows(key: number, from: number, to: number): Generator<SampleRow> {
    for (const chunk of this.summaries(key, from, to)) yield* within(this.rowsOf(chunk.dataId), from, to);
  }

  /** Samples in chunks overlapping [from, to]: exact inside, whole chunks at the edges. */
  countAtMost(key: number, from: number, to: number): number {
    return this.countIn.get({ key, from, to }) as number;
  }

  /**
   * The last sealed sample at or before `at`. A chunk that ends no later than `notAfter` (a
   * newer source already holds a sample that late) is not decoded: at start-up that saves
   * decoding one chunk per tag just to learn what the warm rows already say.
   */
  lastAtOrBefore(key: number, at: number, notAfter = -Infinity): SampleRow | undefined {
    const chunk = this.lastBefore.get(key, at) as [number, number] | undefined;
    if (!chunk || Math.min(chunk[0], at) <= notAfter) return undefined;
    const dataId = chunk[1];
    const { ts, values, qualities } = this.columnsOf(dataId);
    let i = ts.length - 1;
    while (i >= 0 && ts[i]! > at) i--;
    return i < 0 ? undefined : [ts[i]!, Number.isNaN(values[i]!) ? null : values[i]!, qualities[i]!];
  }

  private write(key: number, rows: readonly SampleRow[]): void {
    this.insertSummary(key, summarize(rows), encodeChunk(rows));
  }

  private insertSummary(key: number, s: ChunkSummary, data: Uint8Array): void {
    const { lastInsertRowid } = this.insertData.run(data);
    // Block summaries (`blocks`) are no longer written: the rollups serve the spans they did.
    this.insertChunk.run(
      key,
      s.startTs,
      s.endTs,
      s.count,
      s.first,
      s.last,
      s.min,
      s.max,
      s.worstQuality,
      s.hasGap ? 1 : 0,
      lastInsertRowid,
      null,
    );
  }
}
