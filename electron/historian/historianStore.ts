import type { Database, Statement } from 'better-sqlite3';
import type { AggregateSeries, EventsResult, HistoryResult, TagDataType } from '../../shared/domain.js';
import type { CompressionRule } from '../../shared/historianSettings.js';
import type { StorageCompression } from '../../shared/storageCompression.js';
import { AggregateAccumulator } from './aggregates.js';
import { ArchiveCompression } from './compression/archiveCompression.js';
import { migration0004 } from './migrations/0004-add-rollups.js';
import { migrate } from './migrations/index.js';
import { bucketStart, ROLLUP_LEVELS } from './rollups/rollupBucket.js';
import { Rollups } from './rollups/rollups.js';
import { RollupStore } from './rollups/rollupStore.js';
import { CHUNK_ROWS, ChunkStore } from './chunkStore.js';
import { EventStore } from './eventStore.js';
import { unpackHistory, type PackedHistory } from './packedSeries.js';
import { RangeReader } from './rangeReader.js';
import { mergeInTimeOrder, type ExportColumns } from './exportWindow.js';
import { RetentionPlan } from './retention.js';
import { StorageKeeper } from './storageKeeper.js';
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
/** What warmUp decodes and draws: a year of hourly blocks is ~35. */
const WARM_BLOCKS = 64;
const WARM_POINTS = 5_000;
const YEAR_MS = 365 * 86_400_000;

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
  private readonly tagIds = new Map<number, string>();
  private readonly events: EventStore;
  /** Keys of string tags: their values are events, not samples. */
  private readonly textKeys = new Set<number>();
  private readonly compression: ArchiveCompression;
  private readonly rawRows = (key: number, from: number, to: number) => this.reader.rows(key, from, to);
  private readonly keeper: StorageKeeper;
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
    const stores = { warm: this.warm, chunks: this.chunks, rollups: this.rollupStore, events: this.events };
    this.keeper = new StorageKeeper(
      db,
      { ...stores, tagIds: this.tagIds, isText: (key) => this.textKeys.has(key) },
      {
        plan: options.retention ?? new RetentionPlan(undefined),
        maxBytes: options.maxBytes ?? null,
        warnAt: options.warnAt ?? 0.8,
      },
    );
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

  /**
   * A tag's own archive compression (an engineer's storage deadband), over the site's rules;
   * null: the rules apply again. What the old filter held is archived first.
   */
  setTagCompression(id: string, setting: StorageCompression | null): void {
    const held = this.compression.override(id, setting);
    if (held.count > 0) this.tail.append(held);
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

  /** Drops what retention no longer keeps, in passes of at most `budgetMs` (see StorageKeeper). */
  sweepRetention(now: number, budgetMs?: number): RetentionSweep {
    return this.keeper.sweepRetention(now, budgetMs);
  }

  /** Keeps the file under its size cap (see StorageKeeper). */
  enforceCap(budgetMs?: number): { droppedBefore: number; samples: number } | null {
    return this.keeper.enforceCap(budgetMs);
  }

  storageStatus(): StorageStatus {
    return this.keeper.status();
  }

  queryRange(query: RangeQuery): HistoryResult {
    return unpackHistory(this.queryRangePacked(query));
  }

  /** The same in typed columns, to move across to the main thread without copying. */
  queryRangePacked(query: RangeQuery): PackedHistory {
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
    return mergeInTimeOrder(query.keys, perTag);
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
  /**
   * Readies the read path for the first long-span chart after start, which would otherwise pay
   * for a cold decoder and an empty block cache (a one-year zoom took ~120 ms instead of ~20):
   * decodes the newest hourly rollup blocks of the first tags, up to WARM_BLOCKS or `budgetMs`,
   * and draws one year of the first of them once, discarding the result. Run by the worker
   * shortly after it opens, in the background.
   */
  warmUp(budgetMs = 100, now = Date.now()): { blocks: number } {
    const deadline = performance.now() + budgetMs;
    const hour = ROLLUP_LEVELS[0];
    let blocks = 0;
    let first: number | undefined;
    for (const key of this.tagIds.keys()) {
      if (this.textKeys.has(key)) continue;
      const decoded = this.rollupStore.warm(key, hour, WARM_BLOCKS - blocks);
      if (decoded > 0) first ??= key;
      blocks += decoded;
      if (blocks >= WARM_BLOCKS || performance.now() > deadline) break;
    }
    if (first !== undefined && performance.now() < deadline)
      this.reader.query(first, this.tagIds.get(first)!, now - YEAR_MS, now, WARM_POINTS);
    return { blocks };
  }

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
    return { sealed, usedBytes: this.keeper.usedBytes() };
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
