import type { SampleRow } from '../rowStreams.js';
import type { SampleColumns } from '../types.js';
import {
  addLater,
  bucketFromRows,
  bucketStart,
  newBucket,
  ROLLUP_LEVELS,
  type RollupBucket,
  type RollupLevel,
} from './rollupBucket.js';
import type { RollupStore } from './rollupStore.js';

/** Buckets held in memory while a history is rolled up again, before they are written. */
const REBUILD_FLUSH = 4096;

const LEVELS = ROLLUP_LEVELS.length;
const levelIndex = (level: number) => ROLLUP_LEVELS.indexOf(level as RollupLevel);

interface Tracked {
  key: number;
  level: number;
  bucket: RollupBucket;
  /** Whether it is in `unsaved` (cheaper to ask than the set). */
  unsaved: boolean;
}

interface LateBucket {
  key: number;
  level: number;
  start: number;
}

/** Reads a tag's raw samples in time order (newest delivery winning a timestamp). */
export type RawRows = (key: number, from: number, to: number) => Iterable<SampleRow>;

/**
 * Keeps the rollups of every tag current as samples arrive. In-order samples update the newest
 * bucket in memory; the buckets changed since the last merge are written in the same
 * transaction that moves the raw tail into the main table, so after a crash the rollups on disk
 * match the merged raw data and the tail (replayed into `offer` on start) supplies the rest.
 * A sample at or before a tag's newest timestamp — late, backfilled, or a redelivery that
 * replaces one — marks its bucket to be recomputed from the raw rows (when a query reads it, or
 * at the merge at the latest), which is what makes late data correct the rollups instead of
 * double-counting.
 */
export class Rollups {
  /** The newest bucket of each (tag, level), keyed `tag * LEVELS + level index`. */
  private readonly newest = new Map<number, Tracked | null>();
  private readonly unsaved = new Set<Tracked>();
  private readonly late = new Map<string, LateBucket>();
  /** Older buckets recomputed since the last write, by the same id as `late`. */
  private readonly settled = new Map<string, Tracked>();

  constructor(private readonly store: RollupStore) {}

  offer(batch: SampleColumns): void {
    const { count, tagKeys, ts, values, qualities } = batch;
    for (let i = 0; i < count; i++) {
      const value = values[i]!;
      const row: SampleRow = [ts[i]!, Number.isNaN(value) ? null : value, qualities[i]!];
      // The common case inline: a later sample for each level's newest bucket.
      const key = tagKeys[i]!;
      for (let l = 0; l < ROLLUP_LEVELS.length; l++) {
        const newest = this.newest.get(key * LEVELS + l);
        if (newest && row[0] > newest.bucket.lastTs && row[0] < newest.bucket.start + newest.level) {
          addLater(newest.bucket, row);
          if (!newest.unsaved) {
            newest.unsaved = true;
            this.unsaved.add(newest);
          }
        } else this.offerAt(key, l, row);
      }
    }
  }

  /** Writes what changed since the last call; inside the caller's transaction, after raw moved. */
  persist(raw: RawRows): void {
    this.settleLate(raw, () => true);
    this.writeUnsaved();
  }

  /** Rolls up a tag's whole raw history again (after a schema upgrade), inside a transaction. */
  rebuild(key: number, rows: Iterable<SampleRow>): void {
    for (let l = 0; l < ROLLUP_LEVELS.length; l++) this.newest.set(key * LEVELS + l, null);
    for (const row of rows) {
      for (let l = 0; l < ROLLUP_LEVELS.length; l++) this.offerAt(key, l, row);
      if (this.unsaved.size >= REBUILD_FLUSH) this.writeUnsaved();
    }
    this.writeUnsaved();
  }

  /**
   * Buckets of one level starting in [from, to], the ones not yet written included. Buckets that
   * late samples touched are recomputed from `raw` first, so a query never sees them stale.
   */
  buckets(key: number, level: number, from: number, to: number, raw: RawRows): RollupBucket[] {
    this.settleLate(
      raw,
      (late) => late.key === key && late.level === level && late.start >= from && late.start <= to,
    );
    const stored = this.store.range(key, level, from, to);
    const pending = [...this.unsaved].filter(
      (t) => t.key === key && t.level === level && t.bucket.start >= from && t.bucket.start <= to,
    );
    if (pending.length === 0) return stored;
    const byStart = new Map(stored.map((b) => [b.start, b]));
    for (const { bucket } of pending) byStart.set(bucket.start, bucket);
    return [...byStart.values()].sort((a, b) => a.start - b.start);
  }

  /** Recomputes the late-touched buckets that `which` picks from the raw rows, as unsaved buckets. */
  private settleLate(raw: RawRows, which: (late: LateBucket) => boolean): void {
    for (const [id, late] of this.late) {
      if (!which(late)) continue;
      this.late.delete(id);
      const { key, level, start } = late;
      const bucket = bucketFromRows(start, raw(key, start, start + level - 1));
      if (!bucket) continue;
      const newest = this.newest.get(key * LEVELS + levelIndex(level));
      const tracked =
        newest && newest.bucket.start === start
          ? newest
          : (this.settled.get(id) ?? { key, level, bucket, unsaved: false });
      if (tracked !== newest) this.settled.set(id, tracked); // one entry per bucket until written
      tracked.bucket = bucket;
      tracked.unsaved = true;
      this.unsaved.add(tracked);
    }
  }

  /** The newest bucket of a level at or before `at`, for a value that holds into a range. */
  latestAtOrBefore(key: number, level: number, at: number): RollupBucket | undefined {
    const newest = this.newestOf(key, levelIndex(level));
    if (newest && newest.bucket.start <= at) return newest.bucket;
    return this.store.latest(key, level, at);
  }

  private writeUnsaved(): void {
    for (const tracked of this.unsaved) {
      this.store.put(tracked.key, tracked.level, tracked.bucket);
      tracked.unsaved = false;
    }
    this.unsaved.clear();
    this.settled.clear();
  }

  private offerAt(key: number, l: number, row: SampleRow): void {
    const level = ROLLUP_LEVELS[l]!;
    const start = bucketStart(row[0], level);
    const newest = this.newestOf(key, l);
    if (newest && start === newest.bucket.start && row[0] > newest.bucket.lastTs) {
      addLater(newest.bucket, row);
      newest.unsaved = true;
      this.unsaved.add(newest);
    } else if (!newest || start > newest.bucket.start) {
      const tracked = { key, level, bucket: newBucket(start, row), unsaved: true };
      this.newest.set(key * LEVELS + l, tracked);
      this.unsaved.add(tracked);
    } else {
      this.late.set(`${key}:${level}:${start}`, { key, level, start });
    }
  }

  private newestOf(key: number, l: number): Tracked | null {
    const id = key * LEVELS + l;
    let newest = this.newest.get(id);
    if (newest === undefined) {
      const bucket = this.store.latest(key, ROLLUP_LEVELS[l]!);
      newest = bucket ? { key, level: ROLLUP_LEVELS[l]!, bucket, unsaved: false } : null;
      this.newest.set(id, newest);
    }
    return newest;
  }
}
