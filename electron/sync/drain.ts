import type { SyncStream } from '../../shared/sync.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { CloudSession } from './cloudLink.js';
import { InFlight } from './inFlight.js';
import { chooseLane, laneStreams, type LaneStreams, type WindowLimits } from './lanes.js';
import type { OutboxPort, SealedBatch } from './ports.js';
import { TokenBucket } from './tokenBucket.js';
import { upTopic } from './wire.js';

/** Without a nudge the drain looks at the outbox this often. */
const IDLE_WAKE_MS = 250;
/** A batch the broker has not acknowledged this long: the link is degraded and made again. */
export const DEFAULT_ACK_TIMEOUT_MS = 20_000;

export const DEFAULT_WINDOW: WindowLimits = {
  maxBatches: 32,
  maxBytes: 4 * 1024 * 1024,
  liveReserve: 4,
};

export interface DrainOptions {
  outbox: Pick<OutboxPort, 'nextBatches' | 'acknowledge'>;
  site: string;
  topicPrefix: string;
  metered: boolean;
  backfillBytesPerSecond: number | null;
  log: Logger;
  window?: WindowLimits;
  ackTimeoutMs?: number;
  /** The broker acknowledged batches (for throughput and last sync). */
  onAcked?(records: number, bytes: number): void;
  /** Batches have gone unacknowledged too long: the link should be made again. */
  onStalled(detail: string): void;
  /** A PUBACK arrived. */
  onProgress?(): void;
  now?: () => number;
}

/**
 * Publishes the outbox's sealed batches to the cloud broker (QoS 1, the stored bytes as they
 * are) and has the outbox delete each one the broker acknowledged. The live lane is asked
 * first on every step; backfill only when no live batch waits, and then within the byte
 * budget and the window less a reserve kept for live batches. The window (batches and bytes
 * not yet acknowledged) bounds memory whatever the backlog; within a stream batches go in seq
 * order on one connection, so the broker sees them in order. PUBACKs may come in any order;
 * they are handed to the worker together, once per step. A new session starts again from the
 * oldest unacknowledged batch of each stream: the receiver de-duplicates what is sent twice.
 */
export class Drain {
  private readonly inFlight = new InFlight();
  private readonly bucket: TokenBucket;
  private readonly window: WindowLimits;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private lanes: LaneStreams;
  private topicPrefix: string;
  private session: CloudSession | null = null;
  private acks: { stream: SyncStream; seq: number }[] = [];
  private acking: Promise<void> = Promise.resolve();
  private running = false;
  private stepping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DrainOptions) {
    this.now = options.now ?? Date.now;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.bucket = new TokenBucket(options.backfillBytesPerSecond, this.now);
    this.lanes = laneStreams(options.metered);
    this.topicPrefix = options.topicPrefix;
  }

  get inFlightCount(): number {
    return this.inFlight.count;
  }

  start(): void {
    this.running = true;
    this.nudge();
  }

  /** Waits for the step under way, hands the last PUBACKs to the outbox. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.stepping;
    await this.flushAcks();
  }

  /** Settings changed without a new connection (budget, metered). */
  configure(settings: { metered: boolean; backfillBytesPerSecond: number | null }): void {
    this.lanes = laneStreams(settings.metered);
    this.bucket.setRate(settings.backfillBytesPerSecond);
    this.nudge();
  }

  /** A session began or ended: what was in flight is sent again from the oldest unacknowledged. */
  setSession(session: CloudSession | null): void {
    this.session = session;
    this.inFlight.reset();
    this.nudge();
  }

  /** Something was committed to the live lane (or a PUBACK freed room): look now. */
  nudge(): void {
    if (!this.running) return;
    if (this.stepping) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stepping = this.step().finally(() => {
      this.stepping = null;
      if (!this.running) return;
      if (this.again) {
        this.again = false;
        // A fresh task rather than a loop: the main thread's other work interleaves.
        setImmediate(() => this.nudge());
      } else this.timer = setTimeout(() => this.nudge(), this.idleWait());
    });
  }

  private idleWait(): number {
    return Math.max(1, Math.min(IDLE_WAKE_MS, this.bucket.waitMs() || IDLE_WAKE_MS));
  }

  private async step(): Promise<void> {
    try {
      // Not awaited: the worker takes calls in order, so the fetch below already sees these.
      void this.flushAcks();
      const session = this.session;
      if (!session) return;
      if (this.checkStalled()) return;
      const batches = await this.fetch(session);
      if (batches && batches.length > 0) {
        this.publish(session, batches);
        this.again = true;
      }
    } catch (error) {
      // The worker refused (closed, disk trouble): nothing is lost, the next step asks again.
      this.options.log.once(`drain:${errorMessage(error)}`, 'warn', `drain: ${errorMessage(error)}`);
    }
  }

  /**
   * The next batches to publish, live first. Without a budget one call asks for both lanes in
   * lane order (the outbox fills the answer stream by stream, live streams first); with a budget
   * backfill is asked for only when no live batch waits, within the bytes the budget has.
   */
  private async fetch(session: CloudSession): Promise<SealedBatch[] | null> {
    const { live, backfill } = this.lanes;
    const room = {
      limits: this.window,
      inFlightBatches: this.inFlight.count,
      inFlightBytes: this.inFlight.bytes,
    };
    const unlimited = !Number.isFinite(this.bucket.available());
    if (unlimited) {
      const both = chooseLane({ ...room, liveWaiting: false, budgetBytes: Number.POSITIVE_INFINITY });
      if (both) return this.ask(session, [...live, ...backfill], both);
    }
    const forLive = chooseLane({ ...room, liveWaiting: true, budgetBytes: 0 });
    if (!forLive) return null;
    const liveBatches = await this.ask(session, live, forLive);
    if (liveBatches === null || liveBatches.length > 0 || unlimited) return liveBatches;
    const budgetBytes = this.bucket.ready() ? Math.max(1, this.bucket.available()) : 0;
    const forBackfill = chooseLane({ ...room, liveWaiting: false, budgetBytes });
    return forBackfill ? this.ask(session, backfill, forBackfill) : null;
  }

  private async ask(
    session: CloudSession,
    streams: SyncStream[],
    limits: { maxBatches: number; maxBytes: number },
  ): Promise<SealedBatch[] | null> {
    if (streams.length === 0) return [];
    const batches = await this.options.outbox.nextBatches({
      streams,
      after: this.inFlight.after(),
      maxBatches: limits.maxBatches,
      maxBytes: Number.isFinite(limits.maxBytes) ? limits.maxBytes : this.window.maxBytes,
    });
    // The session ended while the worker answered: those go out in the next one.
    return this.session === session ? batches : null;
  }

  private publish(session: CloudSession, batches: SealedBatch[]): void {
    const after = this.inFlight.after();
    for (const batch of batches) {
      // Never a batch twice in one session, never out of seq order within a stream.
      if (batch.seq <= (after[batch.stream] ?? 0)) continue;
      after[batch.stream] = batch.seq;
      const bytes = batch.payload.byteLength;
      this.inFlight.sent({
        stream: batch.stream,
        seq: batch.seq,
        count: batch.count,
        bytes,
        sentAt: this.now(),
      });
      if (this.lanes.backfill.includes(batch.stream)) this.bucket.take(bytes);
      const payload = Buffer.from(batch.payload.buffer, batch.payload.byteOffset, bytes);
      session.publish(upTopic(this.topicPrefix, this.options.site, batch.stream), payload, (error) =>
        this.onPuback(session, batch, error),
      );
    }
  }

  private onPuback(session: CloudSession, batch: SealedBatch, error: Error | undefined): void {
    if (this.session !== session) return; // an older session's: its window is gone already
    if (error) {
      // MQTT 5 reason code ≥ 0x80 (e.g. not authorised on this topic): the batch stays in the
      // outbox; a new session sends it again, and the link says why meanwhile.
      this.options.onStalled(`the broker refused a batch on ${batch.stream}: ${errorMessage(error)}`);
      return;
    }
    const sent = this.inFlight.acked(batch.stream, batch.seq);
    if (!sent) return;
    this.acks.push({ stream: batch.stream, seq: batch.seq });
    this.options.onAcked?.(sent.count, sent.bytes);
    this.options.onProgress?.();
    this.nudge();
  }

  /** Hands the PUBACKs gathered since the last step to the outbox, in one call. */
  private flushAcks(): Promise<void> {
    if (this.acks.length === 0) return this.acking;
    const acks = this.acks;
    this.acks = [];
    this.acking = this.options.outbox.acknowledge(acks).catch((error: unknown) => {
      // Kept for the next step: a batch the broker has is not sent again in this session.
      this.acks = [...acks, ...this.acks];
      this.options.log.once(
        `ack:${errorMessage(error)}`,
        'warn',
        `drain: acknowledging: ${errorMessage(error)}`,
      );
    });
    return this.acking;
  }

  private checkStalled(): boolean {
    const oldest = this.inFlight.oldestSentAt();
    if (oldest === null || this.now() - oldest < this.ackTimeoutMs) return false;
    const seconds = Math.round(this.ackTimeoutMs / 1000);
    this.options.onStalled(
      `the broker took ${this.inFlight.count} batches but acknowledged none of the oldest for ${seconds} s`,
    );
    return true;
  }

  setTopicPrefix(prefix: string): void {
    this.topicPrefix = prefix;
  }
}
