import type { Series } from '../../shared/domain.js';
import type { ChunkSummary } from './chunkSummary.js';
import type { ChunkStore } from './chunkStore.js';
import { M4Accumulator } from './m4.js';
import { packSeries, SeriesBuilder, type PackedHistory } from './packedSeries.js';
import { chartValue, mergeNewest, within, type SampleRow } from './rowStreams.js';
import { bucketStart, ROLLUP_LEVELS, type RollupBucket, type RollupLevel } from './rollups/rollupBucket.js';
import type { Rollups } from './rollups/rollups.js';
import type { SampleTail } from './sampleTail.js';
import type { WarmRows } from './warmRows.js';

/**
 * Reads one tag across the three places its samples live — sealed chunks, warm rows, the hot
 * tail — as one stream in time order, the newest delivery winning a shared timestamp.
 */
export class RangeReader {
  constructor(
    private readonly chunks: ChunkStore,
    private readonly warm: WarmRows,
    private readonly tail: SampleTail,
    private readonly rollups: Rollups,
  ) {}

  rows(key: number, from: number, to: number): Iterable<SampleRow> {
    return mergeNewest(
      mergeNewest(this.chunks.rows(key, from, to), this.warm.rows(key, from, to)),
      this.tail.range(key, from, to),
    );
  }

  /**
   * The samples of [from, to] as stored (bad ones keep their value), into plain columns: from the
   * sealed chunks' columns directly when recent rows only follow them, as they usually do.
   */
  columns(key: number, from: number, to: number): { ts: number[]; values: number[]; qualities: number[] } {
    const out = { ts: [] as number[], values: [] as number[], qualities: [] as number[] };
    const recent = [...mergeNewest(this.warm.rows(key, from, to), this.tail.range(key, from, to))];
    const sealed = this.chunks.summaries(key, from, to);
    const push = ([ts, value, quality]: SampleRow) => {
      out.ts.push(ts);
      out.values.push(value ?? NaN);
      out.qualities.push(quality);
    };
    if (recent.length > 0 && recent[0]![0] <= (sealed.at(-1)?.endTs ?? -Infinity)) {
      for (const row of this.rows(key, from, to)) push(row);
      return out;
    }
    for (const chunk of sealed) {
      const { ts, values, qualities } = this.chunks.columnsOf(chunk.dataId, from, to);
      for (let i = lowerBound(ts, from); i < ts.length && ts[i]! <= to; i++) {
        out.ts.push(ts[i]!);
        out.values.push(values[i]!);
        out.qualities.push(qualities[i]!);
      }
    }
    for (const row of recent) push(row);
    return out;
  }

  /** The newest sample at or before `at`, wherever it is. */
  valueAt(key: number, at: number): SampleRow | undefined {
    // Newest source first: a sealed chunk is decoded only when it may hold something later.
    let best: SampleRow | undefined;
    for (const row of [this.tail.lastAtOrBefore(key, at), this.warm.lastAtOrBefore(key, at)]) {
      if (row && (!best || row[0] > best[0])) best = row;
    }
    const sealed = this.chunks.lastAtOrBefore(key, at, best?.[0]);
    if (sealed && (!best || sealed[0] > best[0])) best = sealed;
    return best;
  }

  /**
   * Raw samples when at most `maxPoints` lie in the range, else M4 (see m4.ts). Chunks that fit
   * in one pixel column are drawn from their summaries, so a year costs some tens of thousands of
   * summary rows instead of tens of millions of samples.
   */
  query(key: number, tag: string, from: number, to: number, maxPoints: number): PackedHistory {
    // Up to five points a column: first, minimum, maximum, a gap, last.
    const columns = Math.max(1, Math.floor(maxPoints / 5));
    const m4 = new M4Accumulator(from, to, columns);
    // Columns at least two buckets wide are drawn from the rollups: the cost follows the width.
    // Where retention has dropped the raw samples, the finest rollup left draws them instead.
    const level =
      ROLLUP_LEVELS.find((l) => (to - from + 1) / columns >= 2 * l) ?? this.levelWhereRawIsGone(key, from);
    if (level !== undefined) {
      return this.withBoundary(
        key,
        { tag, from, to, mode: 'm4' },
        this.m4FromRollups(key, from, to, level, m4),
      );
    }
    const recent = [...mergeNewest(this.warm.rows(key, from, to), this.tail.range(key, from, to))];
    const count = this.chunks.countAtMost(key, from, to) + recent.length;
    if (count <= maxPoints) {
      const points = new SeriesBuilder(count + 1);
      const push = ([ts, value, quality]: SampleRow) =>
        points.push(ts, chartValue(value, quality) ?? NaN, quality);
      const boundary = this.valueAt(key, from - 1);
      if (boundary) push(boundary);
      const sealed = this.chunks.summaries(key, from, to);
      if (recent.length === 0 || recent[0]![0] > (sealed.at(-1)?.endTs ?? -Infinity)) {
        // The usual case: recent rows only follow the sealed ones, so no merge is needed.
        this.pushSealed(sealed, from, to, points);
        for (const row of recent) push(row);
      } else for (const row of this.rows(key, from, to)) push(row);
      return { tag, from, to, mode: 'raw', points: points.finish() };
    }
    // A chunk no wider than a column is drawn from its summary even where it crosses a column
    // edge: its minimum and maximum are then placed at its middle, at most one pixel from where
    // they occurred, instead of decoding a chunk at each of thousands of column edges. Values are
    // never altered; zoomed in, where columns are narrower than chunks, every sample is read.
    const columnMs = (to - from + 1) / columns;
    const add = ([ts, value, quality]: SampleRow) => m4.add(ts, chartValue(value, quality), quality);
    let r = 0;
    for (const chunk of this.chunks.summaries(key, from, to)) {
      while (r < recent.length && recent[r]![0] < chunk.startTs) add(recent[r++]!);
      const touchedByRecent = r < recent.length && recent[r]![0] <= chunk.endTs;
      const summarised =
        !touchedByRecent &&
        chunk.startTs >= from &&
        chunk.endTs <= to &&
        chunk.endTs - chunk.startTs >= 4 &&
        (m4.bucketOf(chunk.startTs) === m4.bucketOf(chunk.endTs) || chunk.endTs - chunk.startTs <= columnMs);
      if (summarised) {
        m4.addSummary(chunk);
        continue;
      }
      const inside = !touchedByRecent && chunk.startTs >= from && chunk.endTs <= to;
      const blocks = inside ? this.chunks.blocksOf(key, chunk.startTs) : null;
      if (blocks?.every((b) => b.endTs - b.startTs >= 4 && b.endTs - b.startTs <= columnMs)) {
        for (const block of blocks) m4.addSummary(block);
        continue;
      }
      const overlapping: SampleRow[] = [];
      while (r < recent.length && recent[r]![0] <= chunk.endTs) overlapping.push(recent[r++]!);
      for (const row of mergeNewest(within(this.chunks.rowsOf(chunk.dataId), from, to), overlapping))
        add(row);
    }
    while (r < recent.length) add(recent[r++]!);
    return this.withBoundary(key, { tag, from, to, mode: 'm4' }, m4.finish());
  }

  /**
   * The finest rollup level that still holds a tag's history before its oldest raw sample, when
   * a range starts before that sample; undefined when the raw samples reach back far enough (or
   * the tag simply began later).
   */
  private levelWhereRawIsGone(key: number, from: number): number | undefined {
    const oldestRaw = this.chunks.oldestOf(key) ?? this.warm.oldest(key) ?? this.tail.oldest(key) ?? Infinity;
    if (oldestRaw <= from) return undefined;
    const holdsOlder = (level: number) => {
      let bucket = this.rollups.latestAtOrBefore(key, level, oldestRaw - 1);
      // The bucket that holds the oldest raw sample may hold nothing older: look one further back.
      if (bucket && bucket.firstTs >= oldestRaw)
        bucket = this.rollups.latestAtOrBefore(key, level, bucket.start - 1);
      return bucket !== undefined && bucket.lastTs >= from;
    };
    return [...ROLLUP_LEVELS].reverse().find(holdsOlder);
  }

  /**
   * Buckets of a level starting in [from, to], led by whole buckets of the coarser levels where
   * retention has already dropped this level's older ones.
   */
  private bucketsBackTo(key: number, level: number, from: number, to: number): RollupBucket[] {
    const own = this.rollups.buckets(key, level, from, to, (k, f, t) => this.rows(k, f, t));
    const coarser = ROLLUP_LEVELS[ROLLUP_LEVELS.indexOf(level as RollupLevel) - 1];
    const ownStart = own[0]?.start ?? to + 1;
    if (coarser === undefined || ownStart <= from) return own;
    const older = this.bucketsBackTo(key, coarser, bucketStart(from, coarser), ownStart - 1);
    return [...older.filter((b) => b.start >= from && b.start + coarser <= ownStart), ...own];
  }

  /** Leads a series with the value that held into its range, so the line starts at its left edge. */
  private withBoundary(key: number, result: Omit<PackedHistory, 'points'>, points: Series): PackedHistory {
    const boundary = this.valueAt(key, result.from - 1);
    if (boundary) {
      points.ts.unshift(boundary[0]);
      points.value.unshift(chartValue(boundary[1], boundary[2]));
      points.quality.unshift(boundary[2]);
    }
    return { ...result, points: packSeries(points) };
  }

  /** M4 over whole rollup buckets, with the raw samples of the partial buckets at either edge. */
  private m4FromRollups(key: number, from: number, to: number, level: number, m4: M4Accumulator): Series {
    const add = ([ts, value, quality]: SampleRow) => m4.add(ts, chartValue(value, quality), quality);
    const firstWhole = Math.ceil(from / level) * level;
    const wholeEnd = bucketStart(to + 1, level);
    for (const row of this.rows(key, from, Math.min(to, firstWhole - 1))) add(row);
    for (const bucket of this.bucketsBackTo(key, level, firstWhole, wholeEnd - level)) {
      if (bucket.lastTs - bucket.firstTs >= 4) m4.addSummary(summaryOf(bucket));
      else {
        const quality = (value: number | null) =>
          value === null ? bucket.worstQuality : bucket.usableQuality;
        m4.add(bucket.firstTs, bucket.first, quality(bucket.first));
        m4.add(bucket.lastTs, bucket.last, quality(bucket.last));
      }
    }
    for (const row of this.rows(key, Math.max(from, wholeEnd), to)) add(row);
    return m4.finish();
  }

  /**
   * Raw samples straight from sealed chunks' columns, for the common case of recent rows that
   * only follow them: no per-sample tuples or generators on the way.
   */
  private pushSealed(
    chunks: readonly { dataId: number }[],
    from: number,
    to: number,
    points: SeriesBuilder,
  ): void {
    for (const chunk of chunks) {
      const { ts, values, qualities } = this.chunks.columnsOf(chunk.dataId, from, to);
      for (let i = lowerBound(ts, from); i < ts.length && ts[i]! <= to; i++) {
        const quality = qualities[i]!;
        points.push(ts[i]!, quality >>> 30 === 2 ? NaN : values[i]!, quality);
      }
    }
  }
}

/** A bucket as M4 draws it: its usable first, min, max and last, and a gap if it held bad samples. */
function summaryOf(bucket: RollupBucket): ChunkSummary {
  return {
    startTs: bucket.firstTs,
    endTs: bucket.lastTs,
    count: bucket.count,
    first: bucket.first,
    last: bucket.last,
    min: bucket.min,
    max: bucket.max,
    worstQuality: bucket.worstQuality,
    hasGap: bucket.valued < bucket.count,
    valueQuality: bucket.usableQuality,
    badMs: bucket.lastTs - bucket.firstTs - bucket.valuedMs,
  };
}

/** The first index whose timestamp is at or after `from`. */
function lowerBound(ts: Float64Array, from: number): number {
  let [lo, hi] = [0, ts.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
