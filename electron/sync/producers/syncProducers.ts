import { performance } from 'node:perf_hooks';
import type { Device } from '../../../shared/domain.js';
import { qualitySeverity } from '../../../shared/quality.js';
import type { DeviceRecord, SampleRecord, SyncSettings, SyncStream } from '../../../shared/sync.js';
import type { IngestTap } from '../../ingest/ingest.js';
import type { Logger } from '../../platform/logger.js';
import type { OutboxPort } from '../ports.js';
import { OutboxWriter } from './outboxWriter.js';
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

/** At most this often records go to the outbox (and at once when a batch's worth waits). */
export const FLUSH_INTERVAL_MS = 1_000;

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
 * When the config worker is slow or refuses, memory stays bounded and what is lost is counted
 * and journaled (OutboxWriter) — never silent. The samples themselves stay in the historian.
 */
export class SyncProducers implements IngestTap {
  private readonly clock: ProducerClock;
  private readonly writer: OutboxWriter;
  private readonly routes = new Map<string, TagRoute>();
  private readonly devices = new Map<string, string>();
  private settings: SyncSettings | null = null;
  private active = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly ctx: RollupContext & { resMs: number };

  constructor(private readonly deps: SyncProducersDeps) {
    this.clock = deps.clock ?? { now: Date.now, monotonic: () => performance.now() };
    this.writer = new OutboxWriter({
      outbox: deps.outbox,
      log: deps.log,
      now: () => this.clock.now(),
      ...(deps.maxQueued === undefined ? {} : { maxQueued: deps.maxQueued }),
    });
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
    this.timer = setInterval(() => void this.tick(), FLUSH_INTERVAL_MS);
  }

  /** Closes the open buckets as they are (a restart opens the same intervals anew) and appends what waits. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const route of this.routes.values()) route.rollup?.closeAll(this.ctx);
    this.routes.clear();
    this.active = false;
    await this.writer.drain();
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
    this.writer.keepRefused(active);
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
      this.writer.push({ stream: 'devices', at: record.at, line: JSON.stringify(record) });
    }
  }

  /** Closes buckets of silent tags and appends what waits; every second, and in tests by hand. */
  tick(): Promise<void> {
    if (this.active) {
      const now = this.clock.monotonic();
      for (const route of this.routes.values()) route.rollup?.expire(now, this.ctx);
    }
    return this.writer.flush();
  }

  stats(): ProducerStats {
    return {
      queued: this.writer.queued,
      lost: this.writer.lost,
      refusal: this.writer.refused,
      counters: { ...this.ctx.counters },
    };
  }

  /** For the heartbeat: totals since start, by stable names (the cloud takes differences). */
  figures(): Record<string, number> {
    const { late, ahead, clockJumps } = this.ctx.counters;
    return {
      producerQueued: this.writer.queued,
      producerLost: this.writer.lost,
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
    this.writer.push({ stream, at: ms, line: JSON.stringify(record) });
  }

  private emitRollup(stream: 'rollups' | 'rollupsHourly', tag: string, bucket: RollupBucket): void {
    this.writer.push({ stream, at: bucket.start, line: JSON.stringify(bucket.toRecord(tag)) });
  }
}
