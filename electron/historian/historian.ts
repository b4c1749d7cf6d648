import type { AggregateSeries, EventsResult, HistoryResult } from '../../shared/domain.js';
import type { HistorianSettings } from '../../shared/historianSettings.js';
import type { StorageCompression } from '../../shared/storageCompression.js';
import type { CsvRows, CsvRowsQuery } from '../export/csvStream.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { WorkerClient } from '../platform/workerClient.js';
import { EventBuffer } from './eventBuffer.js';
import { unpackHistory } from './packedSeries.js';
import { columnBuffers, SampleBuffer } from './sampleBuffer.js';
import type {
  AggregateQuery,
  EventBatch,
  EventsQuery,
  HistorianWorkerApi,
  LastValue,
  RangeQuery,
  RetentionSweep,
  SampleColumns,
  StorageStatus,
  StoredTag,
} from './types.js';

/** How often the file's size is read for health: cheap, and a cap is approached over hours. */
const STORAGE_STATUS_INTERVAL_MS = 10_000;

export interface HistorianStats {
  state: 'starting' | 'ok' | 'error' | 'stopped';
  samplesWritten: number;
  backlog: number;
  lastError: string | null;
  storage: StorageStatus | null;
}

export interface HistorianOptions {
  path: string;
  log: Logger;
  /** Size cap of the database file; unset: limited by the disk only. */
  maxBytes?: number;
  /** How long each resolution is kept per tag class, when to warn about the cap, archive compression. */
  retention?: Pick<HistorianSettings, 'retention' | 'classes' | 'warnAt' | 'compression'>;
  /** better-sqlite3's native module for this runtime's ABI, when not the one in node_modules. */
  sqliteBinding?: string;
  /** How long one worker call may take before it fails with TIMEOUT (default 30 s). */
  callTimeoutMs?: number;
  /** How often collected samples are committed; bounds what an app crash can lose. */
  flushIntervalMs?: number;
  /** Samples held in memory while the disk refuses writes, before the oldest are given up. */
  maxBacklog?: number;
  onStateChange?: (stats: HistorianStats) => void;
}

/**
 * The historian's main-thread facade. Samples are collected in columns and committed by the
 * worker in one transaction every `flushIntervalMs`; a failed commit (disk full, I/O error)
 * keeps its batch and retries, so a full disk loses nothing until `maxBacklog` is reached —
 * and then says so in the log and in health. String tags' events ride the same clock in a
 * separate batch and worker call, so texts never slow the typed-array path of the samples.
 */
export class Historian {
  private readonly worker: WorkerClient<HistorianWorkerApi>;
  private readonly buffer = new SampleBuffer();
  private readonly pending: SampleColumns[] = [];
  private readonly events = new EventBuffer();
  private readonly pendingEvents: EventBatch[] = [];
  /** The write in flight, if any (see flush). */
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retryAt = 0;
  private readonly stats_: HistorianStats = {
    state: 'starting',
    samplesWritten: 0,
    backlog: 0,
    lastError: null,
    storage: null,
  };
  private statusTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: HistorianOptions) {
    this.worker = new WorkerClient({
      callerUrl: import.meta.url,
      stem: 'historian.worker',
      workerData: {
        path: options.path,
        maxBytes: options.maxBytes,
        nativeBinding: options.sqliteBinding,
        retention: options.retention,
      },
      log: options.log,
      callTimeoutMs: options.callTimeoutMs,
    });
  }

  async start(): Promise<void> {
    await this.worker.start();
    // A tick during a long write skips: the next one writes what has gathered.
    this.timer = setInterval(() => {
      if (!this.writing) void this.flush();
    }, this.options.flushIntervalMs ?? 100);
    this.setState('ok', null);
    await this.refreshStorage();
    this.statusTimer = setInterval(() => void this.refreshStorage(), STORAGE_STATUS_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.timer = null;
    this.statusTimer = null;
    this.retryAt = 0;
    await this.flush();
    const unwritten = this.backlog();
    if (unwritten > 0) this.options.log.error(`stopping with ${unwritten} samples that could not be written`);
    await this.worker.stop();
    this.setState('stopped', this.stats_.lastError);
  }

  stats(): HistorianStats {
    return { ...this.stats_, backlog: this.backlog() };
  }

  loadTags(): Promise<StoredTag[]> {
    return this.worker.call('loadTags', null);
  }

  upsertTags(tags: StoredTag[]): void {
    this.worker.call('upsertTags', tags).catch((error: unknown) => {
      this.options.log.error(`could not store tag definitions: ${errorMessage(error)}`);
    });
  }

  /**
   * A tag's own archive compression over the site's rules (null: the rules again). Samples
   * already collected here but not yet sent may be archived under the new setting.
   */
  setTagCompression(id: string, setting: StorageCompression | null): Promise<void> {
    return this.worker.call('setTagCompression', { id, setting }).then(() => {});
  }

  append(tagKey: number, ts: number, value: number | null, quality: number): void {
    const full = this.buffer.push(tagKey, ts, value, quality);
    if (full) this.pending.push(full);
  }

  /** An event of a string tag: its text (null when bad) and quality at a time. */
  appendText(tagKey: number, ts: number, text: string | null, quality: number): void {
    this.events.push(tagKey, ts, text, quality);
  }

  queryEvents(query: EventsQuery): Promise<EventsResult> {
    return this.worker.call('queryEvents', query);
  }

  async queryRange(query: RangeQuery): Promise<HistoryResult> {
    return unpackHistory(await this.worker.call('queryRange', query));
  }

  /** Several tags in one worker call: one round trip instead of one per tag. */
  async queryRanges(queries: RangeQuery[]): Promise<HistoryResult[]> {
    return (await this.worker.call('queryRanges', queries)).map(unpackHistory);
  }

  /** One export window formatted as CSV rows in the worker (see export/rawCsv.ts). */
  exportCsvRows(query: CsvRowsQuery): Promise<CsvRows> {
    return this.worker.call('exportCsvRows', query);
  }

  valueAt(key: number, at: number): Promise<LastValue | null> {
    return this.worker.call('valueAt', { key, at });
  }

  aggregates(query: AggregateQuery): Promise<AggregateSeries> {
    return this.worker.call('aggregates', query);
  }

  lastValues(): Promise<LastValue[]> {
    return this.worker.call('lastValues', null);
  }

  sealAll(): Promise<{ sealed: number; usedBytes: number }> {
    return this.worker.call('sealAll', null);
  }

  checkpoint(): Promise<{ walPages: number; checkpointed: number }> {
    return this.worker.call('checkpoint', null);
  }

  storageStatus(): Promise<StorageStatus> {
    return this.worker.call('storageStatus', null);
  }

  /** Runs a retention pass now (the worker also runs one every minute). */
  sweepRetention(now = Date.now()): Promise<RetentionSweep> {
    return this.worker.call('sweepRetention', { now });
  }

  private async refreshStorage(): Promise<void> {
    try {
      const storage = await this.storageStatus();
      const warningChanged = storage.warning !== this.stats_.storage?.warning;
      this.stats_.storage = storage;
      if (warningChanged) {
        if (storage.warning) this.options.log.warn(storage.warning);
        this.options.onStateChange?.(this.stats());
      }
    } catch (error) {
      this.options.log.once(
        'storage-status',
        'warn',
        `could not read the historian's size: ${errorMessage(error)}`,
      );
    }
  }

  /**
   * Commits everything collected so far; resolves when the worker has written it. One write runs
   * at a time: a call during one waits for it, then writes what arrived since.
   */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (Date.now() < this.retryAt) return;
    this.writing = this.writePending().finally(() => (this.writing = null));
    await this.writing;
  }

  private async writePending(): Promise<void> {
    if (this.buffer.size > 0) this.pending.push(this.buffer.take());
    if (this.events.size > 0) this.pendingEvents.push(this.events.take());
    if (this.pending.length === 0 && this.pendingEvents.length === 0) return;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending[0]!;
        // The batch stays queued until the worker confirms it; the copy is what gets transferred.
        const sent = cloneColumns(batch);
        await this.worker.call('append', sent, columnBuffers(sent));
        this.pending.shift();
        this.stats_.samplesWritten += batch.count;
        if (this.stats_.state !== 'ok') this.setState('ok', null);
      }
      while (this.pendingEvents.length > 0) {
        const batch = this.pendingEvents[0]!;
        // Not counted in samplesWritten: that figure is checked against the samples stored.
        await this.worker.call('appendEvents', batch);
        this.pendingEvents.shift();
      }
    } catch (error) {
      this.retryAt = Date.now() + 2_000;
      this.setState(
        'error',
        `writes failing, ${this.backlog()} samples held in memory: ${errorMessage(error)}`,
      );
      this.options.log.once(
        `append:${(error as { code?: string }).code ?? 'error'}`,
        'error',
        this.stats_.lastError!,
      );
      this.dropBeyondLimit();
    }
  }

  private backlog(): number {
    const count = (sum: number, batch: { count: number }) => sum + batch.count;
    return (
      this.buffer.size +
      this.pending.reduce(count, 0) +
      this.events.size +
      this.pendingEvents.reduce(count, 0)
    );
  }

  private dropBeyondLimit(): void {
    const limit = this.options.maxBacklog ?? 5_000_000;
    let dropped = 0;
    while (this.pending.length > 1 && this.backlog() > limit) dropped += this.pending.shift()!.count;
    while (this.pendingEvents.length > 1 && this.backlog() > limit)
      dropped += this.pendingEvents.shift()!.count;
    if (dropped > 0)
      this.options.log.error(`historian backlog over ${limit} samples: gave up the oldest ${dropped}`);
  }

  private setState(state: HistorianStats['state'], lastError: string | null): void {
    this.stats_.state = state;
    this.stats_.lastError = lastError;
    this.options.onStateChange?.(this.stats());
  }
}

function cloneColumns(columns: SampleColumns): SampleColumns {
  const n = columns.count;
  return {
    count: n,
    tagKeys: columns.tagKeys.slice(0, n),
    ts: columns.ts.slice(0, n),
    values: columns.values.slice(0, n),
    qualities: columns.qualities.slice(0, n),
  };
}
