import { errorMessage, type Logger } from '../platform/logger.js';
import { AckQueue } from './ackQueue.js';
import type { CloudSession } from './cloudLink.js';
import { InFlight } from './inFlight.js';
import { chooseLane, laneStreams, type LaneStreams, type WindowLimits } from './lanes.js';
import type { OutboxPort, SealedBatch } from './ports.js';
import { Prefetch, type PrefetchLimits } from './prefetch.js';
import { TokenBucket } from './tokenBucket.js';
import { upTopic } from './wire.js';

/** Without a nudge the drain looks at the outbox this often. */
const IDLE_WAKE_MS = 250;
/**
 * The live lane is asked of the outbox on every nudge and at least this often while the drain
 * runs: a live record committed without a nudge still goes within this, ahead of backfill.
 */
const LIVE_POLL_MS = 100;
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
  /** Backfill read ahead of the window; by default twice the window. */
  prefetch?: PrefetchLimits;
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
 * are) and has the outbox delete each one the broker acknowledged. The live lane is asked of
 * the outbox on every nudge (something live was committed) and every LIVE_POLL_MS, and sent
 * before any backfill; backfill comes from a bounded read-ahead (Prefetch), so a PUBACK lets
 * the next backfill batch go at once, within the byte budget and the window less a reserve kept
 * for live batches. The window (batches and bytes not yet acknowledged) bounds memory whatever
 * the backlog; within a stream batches go in seq order on one connection, so the broker sees
 * them in order. PUBACKs may come in any order; they go to the worker together (AckQueue). A new
 * session starts again from the oldest unacknowledged batch of each stream, the read-ahead
 * dropped: the receiver de-duplicates what is sent twice.
 */
export class Drain {
  private readonly inFlight = new InFlight();
  private readonly bucket: TokenBucket;
  private readonly window: WindowLimits;
  private readonly ackTimeoutMs: number;
  private readonly now: () => number;
  private readonly acks: AckQueue;
  private readonly prefetch: Prefetch;
  private lanes: LaneStreams;
  private metered: boolean;
  private topicPrefix: string;
  private session: CloudSession | null = null;
  /** The session's first step has yet to see the last session's PUBACKs reach the outbox. */
  private fresh = false;
  private liveWaiting = true;
  private liveAskedAt = Number.NEGATIVE_INFINITY;
  private running = false;
  private stepping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: DrainOptions) {
    this.now = options.now ?? Date.now;
    this.window = options.window ?? DEFAULT_WINDOW;
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.bucket = new TokenBucket(options.backfillBytesPerSecond, this.now);
    this.metered = options.metered;
    this.lanes = laneStreams(options.metered);
    this.topicPrefix = options.topicPrefix;
    this.acks = new AckQueue({ outbox: options.outbox, log: options.log });
    this.prefetch = new Prefetch({
      outbox: options.outbox,
      limits: options.prefetch ?? {
        maxBatches: 2 * this.window.maxBatches,
        maxBytes: 2 * this.window.maxBytes,
      },
      onFilled: () => this.wake(),
      onError: (error) => this.warn(error),
    });
  }

  get inFlightCount(): number {
    return this.inFlight.count;
  }

  /** Backfill read ahead and not yet sent. */
  get prefetched(): { batches: number; bytes: number } {
    return { batches: this.prefetch.count, bytes: this.prefetch.bytes };
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Waits for the step under way, hands the last PUBACKs to the outbox. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.stepping;
    await this.acks.settle();
  }

  /** Settings changed without a new connection (budget, metered). */
  configure(settings: { metered: boolean; backfillBytesPerSecond: number | null }): void {
    // The budget is taken as batches go, so what is read ahead stays; other lanes do not.
    if (settings.metered !== this.metered) this.prefetch.reset();
    this.metered = settings.metered;
    this.lanes = laneStreams(settings.metered);
    this.bucket.setRate(settings.backfillBytesPerSecond);
    this.nudge();
  }

  /** A session began or ended: what was in flight is sent again from the oldest unacknowledged. */
  setSession(session: CloudSession | null): void {
    this.session = session;
    this.fresh = true;
    this.inFlight.reset();
    this.prefetch.reset();
    this.nudge();
  }

  /** Backlog was dropped in the outbox: what was read ahead of it must not go. */
  forgetPrefetched(): void {
    this.prefetch.reset();
    this.wake();
  }

  /** Something was committed to the live lane: ask the outbox for it now, ahead of backfill. */
  nudge(): void {
    this.liveWaiting = true;
    this.wake();
  }

  /** A PUBACK freed room, or backfill was read ahead: look now. */
  private wake(): void {
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
        setImmediate(() => this.wake());
      } else
        this.timer = setTimeout(() => {
          this.prefetch.wake();
          this.wake();
        }, this.idleWait());
    });
  }

  private idleWait(): number {
    return Math.max(1, Math.min(IDLE_WAKE_MS, this.bucket.waitMs() || IDLE_WAKE_MS));
  }

  private async step(): Promise<void> {
    try {
      this.acks.flush();
      const session = this.session;
      if (!session) return;
      if (this.fresh) {
        // The outbox must have the last session's PUBACKs before it is read from the start again.
        this.fresh = false;
        await this.acks.settle();
        if (this.session !== session) return;
      }
      if (this.checkStalled()) return;
      // Reading ahead while the live lane is asked for costs nothing in order: backfill still
      // goes only after the live answer.
      this.prefetch.refill(this.lanes.backfill, this.inFlight.after());
      if (this.liveDue()) {
        const live = await this.askLive(session);
        if (live === null) return;
        this.publish(session, live);
        // More may wait than the window took: ask again before the next backfill step.
        if (live.length > 0) this.liveWaiting = this.again = true;
      }
      this.publish(session, this.takeBackfill());
      this.prefetch.refill(this.lanes.backfill, this.inFlight.after());
    } catch (error) {
      // The worker refused (closed, disk trouble): nothing is lost, the next step asks again.
      this.warn(error);
    }
  }

  private liveDue(): boolean {
    const now = this.now();
    return this.liveWaiting || now - this.liveAskedAt >= LIVE_POLL_MS || now < this.liveAskedAt;
  }

  private room() {
    return {
      limits: this.window,
      inFlightBatches: this.inFlight.count,
      inFlightBytes: this.inFlight.bytes,
    };
  }

  /** The live lane's batches, into the whole window; null when the session ended meanwhile. */
  private async askLive(session: CloudSession): Promise<SealedBatch[] | null> {
    const forLive = chooseLane({ ...this.room(), liveWaiting: true, budgetBytes: 0 });
    if (!forLive) return [];
    this.liveWaiting = false;
    this.liveAskedAt = this.now();
    if (this.lanes.live.length === 0) return [];
    const batches = await this.options.outbox.nextBatches({
      streams: this.lanes.live,
      after: this.inFlight.after(),
      maxBatches: forLive.maxBatches,
      maxBytes: forLive.maxBytes,
    });
    // The session ended while the worker answered: those go out in the next one.
    return this.session === session ? batches : null;
  }

  /** Read-ahead backfill, into the window less the live reserve and within the budget. */
  private takeBackfill(): SealedBatch[] {
    const budgetBytes = !Number.isFinite(this.bucket.available())
      ? Number.POSITIVE_INFINITY
      : this.bucket.ready()
        ? Math.max(1, this.bucket.available())
        : 0;
    const forBackfill = chooseLane({ ...this.room(), liveWaiting: false, budgetBytes });
    return forBackfill ? this.prefetch.take(forBackfill.maxBatches, forBackfill.maxBytes) : [];
  }

  private publish(session: CloudSession, batches: SealedBatch[]): void {
    for (const batch of batches) {
      // Never a batch twice in one session, never out of seq order within a stream.
      if (batch.seq <= this.inFlight.sentUpTo(batch.stream)) continue;
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
    this.acks.add(batch.stream, batch.seq);
    this.options.onAcked?.(sent.count, sent.bytes);
    this.options.onProgress?.();
    this.wake();
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

  private warn(error: unknown): void {
    this.options.log.once(`drain:${errorMessage(error)}`, 'warn', `drain: ${errorMessage(error)}`);
  }

  setTopicPrefix(prefix: string): void {
    this.topicPrefix = prefix;
  }
}
