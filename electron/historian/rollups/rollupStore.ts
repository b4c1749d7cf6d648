import type { Database, Statement } from 'better-sqlite3';
import type { RollupBucket } from './rollupBucket.js';
import { LruCache } from '../lruCache.js';
import { decodeRollupBlock, encodeRollupBlock } from './rollupCodec.js';

/** Buckets per sealed block: about four hours of minutes, or ten days of hours. */
export const BLOCK_BUCKETS = 256;
/** Decoded blocks kept: 256 × 256 buckets of some 200 bytes, at most about 13 MB. */
const DECODED_BLOCKS = 256;

const COLUMNS = `count, valued, sum, min, max, first, last, worst_quality, first_ts, last_ts,
  last_value, last_quality, integral, valued_ms, good_ms, usable_quality`;

type BucketRow = [number, ...(number | null)[]];

function fromRow(row: BucketRow): RollupBucket {
  const [start, count, valued, sum, min, max, first, last, worst, firstTs, lastTs, lastValue, lastQuality] =
    row;
  const [integral, valuedMs, goodMs, usableQuality] = row.slice(13) as number[];
  return {
    start,
    count: count!,
    valued: valued!,
    sum: sum!,
    min: min ?? null,
    max: max ?? null,
    first: first ?? null,
    last: last ?? null,
    worstQuality: worst!,
    usableQuality: usableQuality!,
    firstTs: firstTs!,
    lastTs: lastTs!,
    lastValue: lastValue ?? null,
    lastQuality: lastQuality!,
    integral: integral!,
    valuedMs: valuedMs!,
    goodMs: goodMs!,
  };
}

const toRow = (key: number, level: number, b: RollupBucket) => [
  key,
  level,
  b.start,
  b.count,
  b.valued,
  b.sum,
  b.min,
  b.max,
  b.first,
  b.last,
  b.worstQuality,
  b.firstTs,
  b.lastTs,
  b.lastValue,
  b.lastQuality,
  b.integral,
  b.valuedMs,
  b.goodMs,
  b.usableQuality,
];

/**
 * Rollup buckets on disk (migration 0004): recent ones as rows, older ones sealed in compressed
 * blocks that never overlap. A bucket written into the span of a sealed block (late data)
 * rewrites that block, so every bucket lives in exactly one place.
 */
export class RollupStore {
  private readonly upsert: Statement;
  private readonly rowsIn: Statement;
  private readonly lastRow: Statement;
  private readonly blocksIn: Statement;
  private readonly blockAt: Statement;
  private readonly lastBlock: Statement;
  private readonly insertBlock: Statement;
  private readonly updateBlock: Statement;
  private readonly newestBlocks: Statement;
  private readonly dropBlocks: Statement;
  private readonly dropRows: Statement;
  private readonly oldestRows: Statement;
  private readonly deleteRowsThrough: Statement;
  /** Rows per (tag, level), by estimate, so that sealing need not count, and the newest row. */
  private readonly rowCounts = new Map<string, number>();
  private readonly newestRow = new Map<string, number>();
  private readonly cache = new LruCache<number, RollupBucket[]>(DECODED_BLOCKS);

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(`INSERT OR REPLACE INTO rollups (tag_key, level, start, ${COLUMNS})
      VALUES (${Array(19).fill('?').join(', ')})`);
    this.rowsIn = db
      .prepare(
        `SELECT start, ${COLUMNS} FROM rollups WHERE tag_key = ? AND level = ? AND start >= ? AND start <= ? ORDER BY start`,
      )
      .raw(true);
    this.lastRow = db
      .prepare(
        `SELECT start, ${COLUMNS} FROM rollups WHERE tag_key = ? AND level = ? AND start <= ? ORDER BY start DESC LIMIT 1`,
      )
      .raw(true);
    // Blocks never overlap: the first that can reach `from` is the last to start at or before it.
    this.blocksIn = db
      .prepare(
        `SELECT id, data FROM rollup_blocks WHERE tag_key = @key AND level = @level AND start <= @to AND end >= @from
         AND start >= COALESCE((SELECT MAX(start) FROM rollup_blocks
           WHERE tag_key = @key AND level = @level AND start <= @from), @from) ORDER BY start`,
      )
      .raw(true);
    this.blockAt = db
      .prepare(
        'SELECT id, data FROM rollup_blocks WHERE tag_key = ? AND level = ? AND start <= ? AND end >= ? ORDER BY start DESC LIMIT 1',
      )
      .raw(true);
    this.lastBlock = db
      .prepare(
        'SELECT end, data FROM rollup_blocks WHERE tag_key = ? AND level = ? AND start <= ? ORDER BY start DESC LIMIT 1',
      )
      .raw(true);
    this.insertBlock = db.prepare(
      'INSERT INTO rollup_blocks (tag_key, level, start, end, data) VALUES (?, ?, ?, ?, ?)',
    );
    this.dropBlocks = db.prepare(
      'DELETE FROM rollup_blocks WHERE tag_key = ? AND level = ? AND end + level <= ?',
    );
    this.dropRows = db.prepare('DELETE FROM rollups WHERE tag_key = ? AND level = ? AND start + level <= ?');
    this.updateBlock = db.prepare('UPDATE rollup_blocks SET data = ? WHERE id = ?');
    this.newestBlocks = db
      .prepare(
        'SELECT id, data FROM rollup_blocks WHERE tag_key = ? AND level = ? ORDER BY start DESC LIMIT ?',
      )
      .raw(true);
    this.oldestRows = db
      .prepare(
        `SELECT start, ${COLUMNS} FROM rollups WHERE tag_key = ? AND level = ? AND start > ? ORDER BY start LIMIT ?`,
      )
      .raw(true);
    this.deleteRowsThrough = db.prepare(
      'DELETE FROM rollups WHERE tag_key = ? AND level = ? AND start > ? AND start <= ?',
    );
    const counts = db
      .prepare('SELECT tag_key, level, COUNT(*), MAX(start) FROM rollups GROUP BY tag_key, level')
      .raw(true)
      .all() as [number, number, number, number][];
    for (const [key, level, count, newest] of counts) {
      this.rowCounts.set(`${key}:${level}`, count);
      this.newestRow.set(`${key}:${level}`, newest);
    }
  }

  /** Writes a bucket where it belongs: into its sealed block, or as a row. */
  put(key: number, level: number, bucket: RollupBucket): void {
    const block = this.blockAt.get(key, level, bucket.start, bucket.start) as
      [number, Uint8Array] | undefined;
    if (block) {
      const buckets = decodeRollupBlock(block[1]).filter((b) => b.start !== bucket.start);
      buckets.push(bucket);
      buckets.sort((a, b) => a.start - b.start);
      this.updateBlock.run(encodeRollupBlock(buckets), block[0]);
      this.cache.delete(block[0]);
      return;
    }
    this.upsert.run(...toRow(key, level, bucket));
    // A bucket still filling is written again and again: count it once, when it is the newest.
    const id = `${key}:${level}`;
    if (bucket.start > (this.newestRow.get(id) ?? -Infinity)) {
      this.newestRow.set(id, bucket.start);
      this.rowCounts.set(id, (this.rowCounts.get(id) ?? 0) + 1);
    }
  }

  /** Removes the buckets of a level that end at or before `horizon` (retention); returns how many rows and blocks went. */
  dropBefore(key: number, level: number, horizon: number): number {
    const blocks = this.dropBlocks.run(key, level, horizon).changes;
    if (blocks > 0) this.cache.clear(); // a block's id can be handed out again
    return blocks + this.dropRows.run(key, level, horizon).changes;
  }

  /** A sealed block's buckets, decoded once while they are read again and again (zooming). */
  private decoded(id: number, data: Uint8Array): RollupBucket[] {
    let buckets = this.cache.get(id);
    if (!buckets) {
      buckets = decodeRollupBlock(data);
      this.cache.set(id, buckets);
    }
    return buckets;
  }

  /**
   * Decodes a tag's newest sealed blocks of one level into the cache, up to `limit`; returns how
   * many it decoded. See HistorianStore.warmUp.
   */
  warm(key: number, level: number, limit: number): number {
    const blocks = this.newestBlocks.all(key, level, limit) as [number, Uint8Array][];
    for (const [id, data] of blocks) this.decoded(id, data);
    return blocks.length;
  }

  /** Buckets starting in [from, to], in time order. */
  range(key: number, level: number, from: number, to: number): RollupBucket[] {
    const sealed = (this.blocksIn.all({ key, level, from, to }) as [number, Uint8Array][]).flatMap(
      ([id, data]) => this.decoded(id, data).filter((b) => b.start >= from && b.start <= to),
    );
    const rows = (this.rowsIn.all(key, level, from, to) as BucketRow[]).map(fromRow);
    if (sealed.length === 0) return rows;
    if (rows.length === 0) return sealed;
    return [...sealed, ...rows].sort((a, b) => a.start - b.start);
  }

  /** The newest bucket starting at or before `at`. */
  latest(key: number, level: number, at = Number.MAX_SAFE_INTEGER): RollupBucket | undefined {
    const row = this.lastRow.get(key, level, at) as BucketRow | undefined;
    const block = this.lastBlock.get(key, level, at) as [number, Uint8Array] | undefined;
    const fromBlock = block ? decodeRollupBlock(block[1]).findLast((b) => b.start <= at) : undefined;
    const fromRows = row ? fromRow(row) : undefined;
    if (!fromBlock) return fromRows;
    if (!fromRows) return fromBlock;
    return fromRows.start > fromBlock.start ? fromRows : fromBlock;
  }

  /**
   * Seals the oldest rows of every (tag, level) with more than a block's worth, keeping the
   * newest rows (the buckets still filling) as rows; inside the caller's transaction, within a
   * time budget. Rows older than a tag's last block (late data in an old gap) stay rows.
   */
  seal(deadline: number, options: { all?: boolean } = {}): number {
    // Normally the newest row stays a row (it may be the bucket still filling) and only full
    // blocks are sealed; `all` seals everything, for a final measurement or a backup.
    const least = options.all ? 1 : BLOCK_BUCKETS + 1;
    let sealed = 0;
    for (const [id, estimate] of this.rowCounts) {
      let count = estimate;
      const [key, level] = id.split(':').map(Number) as [number, number];
      while (count >= least && performance.now() < deadline) {
        const after =
          (this.lastBlock.get(key, level, Number.MAX_SAFE_INTEGER) as [number] | undefined)?.[0] ?? -1;
        const rows = (this.oldestRows.all(key, level, after, BLOCK_BUCKETS + 1) as BucketRow[]).map(fromRow);
        if (rows.length < least) {
          count = rows.length; // the estimate was high; correct it
          break;
        }
        const block = rows.slice(0, BLOCK_BUCKETS);
        const [first, last] = [block[0]!.start, block.at(-1)!.start];
        this.insertBlock.run(key, level, first, last, encodeRollupBlock(block));
        this.deleteRowsThrough.run(key, level, after, last);
        count -= block.length;
        sealed += block.length;
      }
      this.rowCounts.set(id, count);
    }
    return sealed;
  }
}
