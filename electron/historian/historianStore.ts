import type { Database, Statement } from 'better-sqlite3';
import type { AggregateSeries, EventsResult, HistoryResult, TagDataType } from '../../shared/domain.js';
import type { CompressionRule } from '../../shared/historianSettings.js';
import { AggregateAccumulator } from './aggregates.js';
import { ArchiveCompression } from './compression/archiveCompression.js';
import { migration0004 } from './migrations/0004-add-rollups.js';
import { migrate } from './migrations/index.js';
import { bucketStart, ROLLUP_LEVELS } from './rollups/rollupBucket.js';
import { Rollups } from './rollups/rollups.js';
import { RollupStore } from './rollups/rollupStore.js';
import { CHUNK_ROWS, ChunkStore } from './chunkStore.js';
import { EventStore } from './eventStore.js';
import { RangeReader } from './rangeReader.js';
import { capWarning, EVICT_AT, EVICT_UNTIL, horizonOf, RetentionPlan } from './retention.js';
import type { SampleRow } from './rowStreams.js';
import { MERGE_ROWS, SampleTail } from './sampleTail.js';
import { tagFromRow, tagParams, UPSERT_TAG_SQL, type TagRow } from './tagTable.js';
import { WarmRows } from './warmRows.js';
import type {
  AggregateQuery,
  EventBatch,
  EventsQuery,
  ExportPage,
  ExportPageQuery,
  LastValue,
  RangeQuery,
  RetentionSweep,
  SampleColumns,
  StorageStatus,
  StoredTag,
} from './types.js';

/** Files older than the schema that added rollups are rolled up once on opening. */
const ROLLUPS_SCHEMA = migration0004.version;

/**
 * Which tag each row comes from when rows of several tags (each in time order) are merged in
 * (time, tag position) order. Sorted as one number, natively, when (time, position) fits in one
 * exactly; a cursor per tag then finds each row without a comparator call per pair.
 */
function timeOrder(stamps: readonly number[][]): Uint32Array {
  const slots = 2 ** Math.ceil(Math.log2(Math.max(2, stamps.length)));
  const n = stamps.reduce((sum, ts) => sum + ts.length, 0);
  const order = new Float64Array(n);
  let k = 0;
  stamps.forEach((ts, t) => {
    for (const time of ts) order[k++] = time * slots + t;
  });
  if (order.every((v) => v <= Number.MAX_SAFE_INTEGER)) {
    order.sort();
    return Uint32Array.from(order, (v) => v % slots);
  }
  // Timestamps centuries ahead: too large to share a number with the position.
  const pairs = stamps.flatMap((ts, t) => ts.map((time) => [time, t] as const));
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return Uint32Array.from(pairs, ([, t]) => t);
}

/** One tag's rows of an export window; `texts` for a string tag's events. */
interface ExportColumns {
  ts: number[];
  values: number[];
  qualities: number[];
  texts?: (string | null)[];
}

/** Longest stretch of retention work in one pass. */
const RETENTION_BUDGET_MS = 50;
const DAY_MS = 86_400_000;

/** Longest stretch of sealing in one maintenance pass, so queries and writes are not held up. */
const SEAL_BUDGET_MS = 250;

/**
 * The historian's SQLite logic, independent of the worker so that tests can drive it directly.
 * Samples travel: hot tail (appended in arrival order, one transaction per batch) → warm rows
 * in (tag, ts) order (merged every few seconds) → sealed, compressed chunks (a chunk's worth per
 * tag). Readers see all three. A sample for an existing (tag, ts) replaces it, so a redelivered
 * message cannot duplicate.
 */
export class HistorianStore {
  private readonly tail: SampleTail;
  private readonly warm: WarmRows;
  private readonly chunks: ChunkStore;
  private readonly reader: RangeReader;
  private readonly rollupStore: RollupStore;
  private readonly rollups: Rollups;
  private readonly maxBytes: number | null;
  private readonly plan: RetentionPlan;
  private readonly warnAt: number;
  private readonly tagIds = new Map<number, string>();
  private readonly events: EventStore;
  /** Keys of string tags: their values are events, not samples. */
  private readonly textKeys = new Set<number>();
  private readonly compression: ArchiveCompression;
  private readonly rawRows = (key: number, from: number, to: number) => this.reader.rows(key, from, to);
  private sweepCursor = 0;
  private readonly upsertTag: Statement;
  private readonly sealTag: (key: number) => number;

  /**
   * `maxBytes` caps the file, for small disks: from EVICT_AT of it the oldest raw samples are
   * dropped (rollups kept), and writes beyond it fail as a full disk does. `retention` says how
   * long each tag keeps each resolution; `warnAt` when the operator hears about the cap.
   */
  constructor(
    private readonly db: Database,
    options: {
      maxBytes?: number;
      retention?: RetentionPlan;
      warnAt?: number;
      compression?: readonly CompressionRule[];
    } = {},
  ) {
    this.maxBytes = options.maxBytes ?? null;
    this.plan = options.retention ?? new RetentionPlan(undefined);
    this.warnAt = options.warnAt ?? 0.8;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Ten thousand tags touch ten thousand B-tree leaves per second; keep them in memory.
    db.pragma('cache_size = -65536');
    const schemaBefore = db.pragma('user_version', { simple: true }) as number;
    migrate(db);
    for (const [key, id, dataType] of db.prepare('SELECT key, id, data_type FROM tags').raw(true).all() as [
      number,
      string,
      TagDataType,
    ][]) {
      this.tagIds.set(key, id);
      if (dataType === 'string') this.textKeys.add(key);
    }
    if (options.maxBytes) {
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxBytes / pageSize))}`);
    }
    this.warm = new WarmRows(db);
    this.events = new EventStore(db);
    this.chunks = new ChunkStore(db);
    this.rollupStore = new RollupStore(db);
    this.rollups = new Rollups(this.rollupStore);
    this.tail = new SampleTail(
      db,
      (rowsByTag) => this.warm.added(rowsByTag),
      () => this.rollups.persist(this.rawRows),
    );
    this.reader = new RangeReader(this.chunks, this.warm, this.tail, this.rollups);
    this.compression = new ArchiveCompression(db, options.compression ?? [], (key) => this.tagIds.get(key));
    if (schemaBefore > 0 && schemaBefore < ROLLUPS_SCHEMA) this.rebuildRollups();
    this.rollups.offer(this.tail.pending()); // rows a crash left: their rollups were not written
    this.tail.merge();
    this.sealTag = db.transaction((key: number) => {
      const rows = this.warm.takeOldest(key, CHUNK_ROWS);
      this.chunks.seal(key, rows);
      this.chunks.compact(key);
      return rows.length;
    });
    this.upsertTag = db.prepare(UPSERT_TAG_SQL);
  }

  loadTags(): StoredTag[] {
    const rows = this.db.prepare('SELECT * FROM tags ORDER BY key').all() as TagRow[];
    return rows.map(tagFromRow);
  }

  upsertTags(tags: StoredTag[]): number {
    const now = Date.now();
    this.db.transaction(() => {
      for (const tag of tags) this.upsertTag.run(tagParams(tag, now));
    })();
    for (const tag of tags) {
      this.tagIds.set(tag.key, tag.id);
      if (tag.dataType === 'string') this.textKeys.add(tag.key);
      else this.textKeys.delete(tag.key);
    }
    return tags.length;
  }

  /** String tags' texts, straight into their table (see EventStore). */
  appendEvents(batch: EventBatch): number {
    return this.events.append(batch);
  }

  queryEvents(query: EventsQuery): EventsResult {
    return this.events.query(query);
  }

  append(batch: SampleColumns): number {
    this.tail.append(this.compression.thin(batch));
    // Rollups see every sample, compressed or not, and only once the rows are committed: a
    // failed append (disk full) comes again and must not have counted. The next merge writes
    // these buckets with these rows.
    this.rollups.offer(batch);
    if (this.tail.size >= MERGE_ROWS) this.tail.merge();
    return batch.count;
  }

  /** Moves the hot tail into the warm rows; the worker calls this every few seconds. */
  mergeTail(): void {
    this.tail.merge();
  }

  /**
   * Seals every tag that has a chunk's worth of warm rows, oldest first, within a time budget
   * (what is left waits for the next pass). `all` seals partial chunks too, for a final
   * measurement or a shutdown.
   */
  seal(options: { all?: boolean; budgetMs?: number } = {}): number {
    const deadline = performance.now() + (options.budgetMs ?? SEAL_BUDGET_MS);
    const least = options.all ? 1 : CHUNK_ROWS;
    let sealed = 0;
    for (const key of this.warm.tagsWithAtLeast(least)) {
      while (this.warm.estimate(key) >= least && performance.now() < deadline) {
        const rows = this.sealTag(key);
        if (rows === 0) break;
        sealed += rows;
      }
      if (performance.now() >= deadline) break;
    }
    if (performance.now() < deadline) this.db.transaction(() => this.rollupStore.seal(deadline))();
    return sealed;
  }

  /**
   * Drops what retention no longer keeps, tag by tag from where the last pass stopped, within a
   * time budget: years of expired history go over several passes, never in one long stall.
   */
  sweepRetention(now: number, budgetMs = RETENTION_BUDGET_MS): RetentionSweep {
    const deadline = performance.now() + budgetMs;
    const keys = [...this.tagIds.keys()];
    const result: RetentionSweep = { samples: 0, buckets: 0, events: 0, done: true };
    for (let visited = 0; visited < keys.length; visited++) {
      if (performance.now() >= deadline) {
        result.done = false;
        break;
      }
      const key = keys[this.sweepCursor++ % keys.length]!;
      const retention = this.plan.forTag(this.tagIds.get(key)!);
      this.db.transaction(() => {
        const raw = horizonOf(retention.rawDays, now);
        if (raw !== null && this.textKeys.has(key)) result.events += this.events.dropBefore(key, raw);
        if (raw !== null) {
          result.samples += this.warm.dropBefore(key, raw);
          for (let n = 1; n > 0 && performance.now() < deadline;) {
            n = this.chunks.dropBefore(key, raw, 64);
            result.samples += n;
          }
        }
        for (const [level, days] of [
          [60_000, retention.minuteDays],
          [3_600_000, retention.hourDays],
        ] as const) {
          const horizon = horizonOf(days, now);
          if (horizon !== null) result.buckets += this.rollupStore.dropBefore(key, level, horizon);
        }
      })();
    }
    return result;
  }

  /**
   * Keeps the file under its cap: from EVICT_AT of it, drops the oldest raw samples of every
   * tag a day at a time until it is back under EVICT_UNTIL (rollups stay, so long trends keep
   * their shape). Returns the time before which raw samples are gone, or null if none went.
   */
  enforceCap(budgetMs = RETENTION_BUDGET_MS): { droppedBefore: number; samples: number } | null {
    if (this.maxBytes === null || this.usedBytes() < this.maxBytes * EVICT_AT) return null;
    const deadline = performance.now() + budgetMs;
    let horizon = this.chunks.oldestTs();
    if (horizon === null) return null;
    let samples = 0;
    while (this.usedBytes() > this.maxBytes * EVICT_UNTIL && performance.now() < deadline) {
      horizon += DAY_MS;
      const before = horizon;
      this.db.transaction(() => {
        for (const key of this.tagIds.keys()) samples += this.chunks.dropBefore(key, before, 1_000_000);
      })();
      if (this.chunks.oldestTs() === null) break;
    }
    return samples > 0 ? { droppedBefore: horizon, samples } : null;
  }

  /** Size, cap and the oldest raw sample, for health and the status bar. */
  storageStatus(): StorageStatus {
    const usedBytes = this.usedBytes();
    return {
      usedBytes,
      maxBytes: this.maxBytes,
      oldestRawTs: this.chunks.oldestTs(),
      warning: capWarning(usedBytes, this.maxBytes, this.warnAt),
    };
  }

  private usedBytes(): number {
    const pages =
      (this.db.pragma('page_count', { simple: true }) as number) -
      (this.db.pragma('freelist_count', { simple: true }) as number);
    return pages * (this.db.pragma('page_size', { simple: true }) as number);
  }

  queryRange(query: RangeQuery): HistoryResult {
    return this.reader.query(query.key, query.tag, query.from, query.to, query.maxPoints);
  }

  /**
   * One time window of an export, every tag merged in time order (ties in the order the tags
   * were asked), as columns that cross to the main thread without copying. String tags' events
   * come as rows too, their texts in `texts` (which only then exists).
   */
  exportPage(query: ExportPageQuery): ExportPage {
    const perTag: ExportColumns[] = query.keys.map((key) =>
      this.textKeys.has(key)
        ? this.eventColumns(key, query.from, query.to)
        : this.reader.columns(key, query.from, query.to),
    );
    const n = perTag.reduce((sum, c) => sum + c.ts.length, 0);
    const tagOrder = timeOrder(perTag.map((c) => c.ts));
    const cursors = new Uint32Array(perTag.length);
    const page: ExportPage = {
      count: n,
      tagKeys: new Int32Array(n),
      ts: new Float64Array(n),
      values: new Float64Array(n),
      qualities: new Uint32Array(n),
    };
    if (perTag.some((c) => c.texts)) page.texts = new Array<string | null>(n).fill(null);
    for (let i = 0; i < n; i++) {
      const t = tagOrder[i]!;
      const c = perTag[t]!;
      const row = cursors[t]!++;
      page.tagKeys[i] = query.keys[t]!;
      page.ts[i] = c.ts[row]!;
      page.values[i] = c.values[row]!;
      page.qualities[i] = c.qualities[row]!;
      if (c.texts) page.texts![i] = c.texts[row] ?? null;
    }
    return page;
  }

  private eventColumns(key: number, from: number, to: number): ExportColumns {
    const rows = this.events.range(key, from, to);
    return {
      ts: rows.map((row) => row[0]),
      values: rows.map(() => NaN),
      qualities: rows.map((row) => row[2]),
      texts: rows.map((row) => row[1]),
    };
  }

  /** The newest sample at or before `at`; for a string tag, the newest event. */
  valueAt(key: number, at: number): LastValue | null {
    const row = this.textKeys.has(key) ? this.events.lastAtOrBefore(key, at) : this.reader.valueAt(key, at);
    return row ? { key, ts: row[0], value: row[1], quality: row[2] } : null;
  }

  aggregates(query: AggregateQuery): AggregateSeries {
    const { key, tag, from, to, interval, aggregates } = query;
    const carry: SampleRow | undefined = this.reader.valueAt(key, from - 1);
    const accumulator = new AggregateAccumulator(from, to, interval, carry ?? null);
    // Whole rollup buckets stand in for their samples when intervals are made of them.
    const level = ROLLUP_LEVELS.find((l) => from % l === 0 && interval % l === 0 && to - from + 1 >= 2 * l);
    let rawFrom = from;
    if (level !== undefined) {
      const wholeEnd = bucketStart(to + 1, level);
      for (const bucket of this.rollups.buckets(key, level, from, wholeEnd - level, this.rawRows))
        accumulator.addBucket(bucket);
      rawFrom = wholeEnd;
    }
    for (const [ts, value, quality] of this.reader.rows(key, rawFrom, to))
      accumulator.add(ts, value, quality);
    return accumulator.finish(tag, aggregates);
  }

  /** Rolls up every tag's stored history again: once, when an older file gains rollups. */
  private rebuildRollups(): void {
    const keys = this.db.prepare('SELECT key FROM tags ORDER BY key').pluck(true).all() as number[];
    this.tail.merge();
    for (const key of keys) {
      this.db.transaction(() =>
        this.rollups.rebuild(key, this.reader.rows(key, 0, Number.MAX_SAFE_INTEGER)),
      )();
    }
  }

  lastValues(): LastValue[] {
    const keys = this.db.prepare('SELECT key FROM tags ORDER BY key').pluck(true).all() as number[];
    return keys.flatMap((key) => this.valueAt(key, Number.MAX_SAFE_INTEGER) ?? []);
  }

  /**
   * Seals everything, partial chunks included, and reports the bytes the database uses (pages
   * in use, free pages left out): for measurements and before a backup.
   */
  sealAll(): { sealed: number; usedBytes: number } {
    this.tail.merge();
    const sealed = this.seal({ all: true, budgetMs: Number.POSITIVE_INFINITY });
    this.db.transaction(() => this.rollupStore.seal(Number.POSITIVE_INFINITY, { all: true }))();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return { sealed, usedBytes: this.usedBytes() };
  }

  checkpoint(): { walPages: number; checkpointed: number } {
    const [result] = this.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    return { walPages: result?.log ?? 0, checkpointed: result?.checkpointed ?? 0 };
  }

  close(): void {
    const held = this.compression.flush();
    if (held.count > 0) this.tail.append(held);
    this.tail.merge();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
