import { performance } from 'node:perf_hooks';
import type { Device } from '../../../shared/domain.js';
import { qualitySeverity } from '../../../shared/quality.js';
import type { DeviceRecord, SampleRecord, SyncSettings, SyncStream } from '../../../shared/sync.js';
import type { IngestTap } from '../../ingest/ingest.js';
import { errorMessage, type Logger } from '../../platform/logger.js';
import type { OutboxPort, OutboxRecord } from '../ports.js';
import { lossAudit, RecordQueue, type Loss } from './recordQueue.js';
import type { RollupBucket } from './rollupBucket.js';
import { chooseRoute } from './tagRoutes.js';
import { TagRollup, type RollupContext, type RollupCounters } from './tagRollup.js';

export interface ProducerClock {
  /** Wall clock, for event times of device changes and audit lines. */
  now(): number;
  /** For bucket deadlines: does not move when the wall clock is set. */
  monotonic(): number;
}

export interface SyncProducersDeps {
  outbox: Pick<OutboxPort, 'append' | 'syncSettings'>;
  /** The device a tag belongs to (TagRegistry), asked once per tag: model outputs are told by it. */
  tagDevice(tag: string): string | undefined;
  log: Logger;
  clock?: ProducerClock;
  /** Records held in memory while the outbox is slow or refuses; beyond it they are counted lost. */
  maxQueued?: number;
}

/** At most this often the queue goes to the outbox … */
export const FLUSH_INTERVAL_MS = 1_000;
/** … and at once when this many records wait (one full batch's worth, MAX_BATCH_RECORDS). */
export const FLUSH_AT_RECORDS = 2_000;
/** Records per append call: bounds one message to the config worker (~1 MB of lines). */
export const MAX_APPEND_RECORDS = 5_000;
/** ~100 bytes a line: about 10 MB held while the outbox cannot take records. */
export const DEFAULT_MAX_QUEUED = 100_000;

interface TagRoute {
  rollup: TagRollup | null;
  stream: 'raw' | 'models' | null;
}

export interface ProducerStats {
  queued: number;
  /** Records that could not be queued since start (journaled in the audit stream as `sync.lost`). */
  lost: number;
  /** Why the outbox last refused records; null while it takes them. */
  refusal: string | null;
  counters: RollupCounters;
}

/**
 * Turns plant data into outbox records (README "Cloud sync"): per-tag rollups at the configured
 * resolution and hourly, raw samples of the tags marked for it, model outputs, and device status
 * changes. Ingest hands every stored sample to `sample`/`history` (a Map lookup and, for rolled
 * up tags, a few comparisons); records are appended in batches at most every second, or at once
 * when a batch's worth waits. While sync is off (not enabled, or no cloud broker) nothing is
 * produced: an outbox that nobody drains must not fill the disk.
 *
 * When the config worker is slow or refuses (disk full, outbox at its limit), up to `maxQueued`
 * records wait in memory and are retried every second; what does not fit is counted per stream
 * and, once the outbox takes records again, journaled in the audit stream (`sync.lost`: which
 * stream, how many, which span of time) — never silent. The samples themselves stay in the
 * historian.
 */
export class SyncProducers implements IngestTap {
  private readonly clock: ProducerClock;
  private readonly queue: RecordQueue;
  private readonly routes = new Map<string, TagRoute>();
  private readonly devices = new Map<string, string>();
  private settings: SyncSettings | null = null;
  private active = false;
  private stopping = false;
  private refusal: string | null = null;
  private losingLogged = false;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly ctx: RollupContext & { resMs: number };
  private readonly lossReason = () => this.refusal ?? 'the config worker did not keep up';

  constructor(private readonly deps: SyncProducersDeps) {
    this.clock = deps.clock ?? { now: Date.now, monotonic: () => performance.now() };
    this.queue = new RecordQueue(deps.maxQueued ?? DEFAULT_MAX_QUEUED);
    this.ctx = {
      resMs: 60_000,
      monotonic: () => this.clock.monotonic(),
      wallNow: () => this.clock.now(),
      emit: (stream, tag, bucket) => this.emitRollup(stream, tag, bucket),
      counters: { late: 0, ahead: 0, clockJumps: 0 },
    };
  }

  async start(): Promise<void> {
    const { settings } = await this.deps.outbox.syncSettings();
    this.applySettings(settings);
    this.timer = setInterval(() => this.tick(), FLUSH_INTERVAL_MS);
  }

  /** Closes the open buckets as they are (a restart opens the same intervals anew) and appends what waits. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const route of this.routes.values()) route.rollup?.closeAll(this.ctx);
    this.routes.clear();
    this.active = false;
    this.stopping = true;
    await this.flushing;
    while (this.queue.length > 0 || this.queue.pendingLosses().length > 0) {
      const before = this.queue.length;
      await this.flush();
      // Refused, or only the loss lines were left to write: either way, done.
      if (this.refusal !== null || this.queue.length >= before) break;
    }
    const left = this.queue.length + this.queue.pendingLosses().reduce((n, loss) => n + loss.records, 0);
    if (left > 0)
      this.deps.log.warn(
        `cloud sync: ${left} record(s) not in the outbox at shutdown (${this.refusal ?? 'not written in time'}); the historian still has the samples`,
      );
  }

  /**
   * New settings apply at once: buckets of tags no longer rolled up close as they are, a new
   * resolution starts with the next bucket, and tags are routed afresh on their next sample.
   */
  applySettings(settings: SyncSettings): void {
    const active = settings.enabled && settings.cloud !== null;
    const resMs = settings.rollupSeconds * 1_000;
    for (const [id, route] of this.routes) {
      const choice = chooseRoute(id, this.deps.tagDevice(id), settings);
      const rollup = route.rollup;
      if (rollup !== null && !(active && choice.rollup)) rollup.closeAll(this.ctx);
      else if (rollup !== null && resMs !== this.ctx.resMs) rollup.resolutionChanged(this.ctx);
      route.rollup = active && choice.rollup ? (rollup ?? new TagRollup(id)) : null;
      route.stream = choice.stream;
    }
    if (!active) this.routes.clear();
    if (active && !this.active) this.deps.log.info('cloud sync: producing records for the outbox');
    if (!active && this.active) this.deps.log.info('cloud sync: off, no more records for the outbox');
    this.settings = settings;
    this.active = active;
    this.ctx.resMs = resMs;
  }

  /** A numeric sample as stored (late ones too) or a stale marker: rolled up and, if marked, sent raw. */
  sample(tag: string, ts: number, value: number | null, quality: number): void {
    if (!this.active) return;
    const route = this.routes.get(tag) ?? this.route(tag);
    if (route.rollup !== null) route.rollup.add(ts, value, quality, this.ctx);
    if (route.stream !== null) this.queueSample(route.stream, tag, ts, value, quality);
  }

  /** A text, or a backfilled sample (history only, never rolled up): sent raw if marked. */
  history(tag: string, ts: number, value: number | string | null, quality: number): void {
    if (!this.active) return;
    const route = this.routes.get(tag) ?? this.route(tag);
    if (route.stream !== null) this.queueSample(route.stream, tag, ts, value, quality);
  }

  /** Devices whose state may have changed (Ingest's onDevicesChanged): a record per real change. */
  devicesChanged(devices: readonly Device[]): void {
    for (const device of devices) {
      const state = device.online ? 'online' : 'offline';
      const previous = this.devices.get(device.id) ?? null;
      if (previous === state) continue;
      this.devices.set(device.id, state);
      if (!this.active) continue;
      const record: DeviceRecord = { at: this.clock.now(), device: device.id, state, previous };
      this.enqueue({ stream: 'devices', at: record.at, line: JSON.stringify(record) });
    }
  }

  /** Closes buckets of silent tags and appends what waits; every second, and in tests by hand. */
  tick(): Promise<void> {
    if (this.active) {
      const now = this.clock.monotonic();
      for (const route of this.routes.values()) route.rollup?.expire(now, this.ctx);
    }
    return this.flush();
  }

  stats(): ProducerStats {
    return {
      queued: this.queue.length,
      lost: this.queue.lostTotal,
      refusal: this.refusal,
      counters: { ...this.ctx.counters },
    };
  }

  /** For the heartbeat: totals since start, by stable names (the cloud takes differences). */
  figures(): Record<string, number> {
    const { late, ahead, clockJumps } = this.ctx.counters;
    return {
      producerQueued: this.queue.length,
      producerLost: this.queue.lostTotal,
      rollupLateSamples: late,
      rollupAheadSamples: ahead,
      rollupClockJumps: clockJumps,
    };
  }

  private route(tag: string): TagRoute {
    const choice = chooseRoute(tag, this.deps.tagDevice(tag), this.settings!);
    const route: TagRoute = { rollup: choice.rollup ? new TagRollup(tag) : null, stream: choice.stream };
    this.routes.set(tag, route);
    return route;
  }

  private queueSample(
    stream: SyncStream,
    tag: string,
    at: number,
    value: number | string | null,
    quality: number,
  ): void {
    // Whole milliseconds, as the outbox takes them (a fraction would get the record refused).
    const ms = Math.round(at);
    const record: SampleRecord = { at: ms, tag, value, quality: qualitySeverity(quality) };
    this.enqueue({ stream, at: ms, line: JSON.stringify(record) });
  }

  private emitRollup(stream: 'rollups' | 'rollupsHourly', tag: string, bucket: RollupBucket): void {
    this.enqueue({ stream, at: bucket.start, line: JSON.stringify(bucket.toRecord(tag)) });
  }

  private enqueue(record: OutboxRecord): void {
    if (this.queue.push(record, this.lossReason)) {
      // At once past a batch's worth; while the outbox refuses, the tick retries once a second.
      if (this.queue.length >= FLUSH_AT_RECORDS && this.flushing === null && this.refusal === null)
        void this.flush();
      return;
    }
    if (this.losingLogged) return;
    this.losingLogged = true;
    this.deps.log.warn(
      `cloud sync: ${this.queue.capacity} records wait for the outbox (${this.lossReason()}); new ones are counted as lost until it catches up, and journaled in the audit stream (the historian still has the samples)`,
    );
  }

  /** One append at a time; a call while one runs waits for it. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.appendOnce().finally(() => {
      this.flushing = null;
      if (this.queue.length >= FLUSH_AT_RECORDS && this.refusal === null) void this.flush();
    });
    return this.flushing;
  }

  private async appendOnce(): Promise<void> {
    // Losses are journaled once the queue has room again (the outbox takes records as fast as
    // they come): one audit line per stream and stretch of loss, not one per flush while it lasts.
    const losses = this.queue.full ? [] : this.queue.takeLosses();
    const now = this.clock.now();
    const audits: OutboxRecord[] = losses.map((loss) => ({
      stream: 'audit',
      at: now,
      line: JSON.stringify(lossAudit(loss, now)),
    }));
    const records = this.queue.take(MAX_APPEND_RECORDS);
    const batch = audits.concat(records);
    if (batch.length === 0) return;
    let appended = 0;
    let refused: string | null;
    try {
      const outcome = await this.deps.outbox.append(batch);
      appended = outcome.appended;
      refused =
        outcome.refused ??
        (appended < batch.length ? `the outbox took ${appended} of ${batch.length}` : null);
    } catch (error) {
      refused = errorMessage(error);
    }
    if (refused === null) {
      if (this.refusal !== null) this.deps.log.info('cloud sync: the outbox takes records again');
      this.refusal = null;
      this.journaled(losses);
      // The queue was full when this append began: now that it has room, journal the loss.
      if (this.queue.pendingLosses().length > 0 && !this.queue.full) await this.appendOnce();
      return;
    }
    if (appended > 0) {
      // The outbox takes a batch whole or refuses it whole (full, off, unavailable), except for
      // records it finds malformed: those would be refused again, so they are lost, not retried.
      this.journaled(losses);
      this.queue.lostTotal += batch.length - appended;
      this.deps.log.error(
        `cloud sync: the outbox refused ${batch.length - appended} record(s) for good: ${refused}`,
      );
      return;
    }
    this.queue.restoreLosses(losses);
    if (!this.active && !this.stopping) {
      // Sync was switched off while these waited: nobody will drain them.
      this.deps.log.info(`cloud sync: ${records.length} record(s) not queued: ${refused}`);
      this.refusal = null;
      return;
    }
    this.queue.putBack(records, refused);
    if (this.refusal === null)
      this.deps.log.warn(
        `cloud sync: the outbox refused records (${refused}); up to ${this.queue.capacity} wait in memory and are retried every second`,
      );
    this.refusal = refused;
  }

  private journaled(losses: Loss[]): void {
    if (losses.length === 0) return;
    this.losingLogged = false;
    for (const loss of losses)
      this.deps.log.warn(
        `cloud sync: ${loss.records} ${loss.stream} record(s) were lost before the outbox (${loss.reason}); journaled in the audit stream`,
      );
  }
}
