import { errorMessage, type Logger } from '../../platform/logger.js';
import type { OutboxPort, OutboxRecord } from '../ports.js';
import { lossAudit, RecordQueue, type Loss } from './recordQueue.js';

/** At once when this many records wait (one full batch's worth, MAX_BATCH_RECORDS). */
export const FLUSH_AT_RECORDS = 2_000;
/** Records per append call: bounds one message to the config worker (~1 MB of lines). */
export const MAX_APPEND_RECORDS = 5_000;
/** ~100 bytes a line: about 10 MB held while the outbox cannot take records. */
export const DEFAULT_MAX_QUEUED = 100_000;

export interface OutboxWriterDeps {
  outbox: Pick<OutboxPort, 'append'>;
  log: Logger;
  now(): number;
  /** Records held in memory while the outbox is slow or refuses; beyond it they are counted lost. */
  maxQueued?: number;
}

/**
 * The producers' records on their way into the outbox: one append at a time, at once when a
 * batch's worth waits, else when `flush` is called (every second). When the config worker is
 * slow or refuses (disk full, outbox at its limit), up to `maxQueued` records wait in memory and
 * are retried; what does not fit is counted per stream and, once the outbox takes records again,
 * journaled in the audit stream (`sync.lost`: which stream, how many, which span of time).
 */
export class OutboxWriter {
  private readonly queue: RecordQueue;
  private refusal: string | null = null;
  private losingLogged = false;
  private flushing: Promise<void> | null = null;
  /** Sync is on: records the outbox refuses are kept to retry (off: nobody would drain them). */
  private keeping = true;
  private readonly lossReason = () => this.refusal ?? 'the config worker did not keep up';

  constructor(private readonly deps: OutboxWriterDeps) {
    this.queue = new RecordQueue(deps.maxQueued ?? DEFAULT_MAX_QUEUED);
  }

  get queued(): number {
    return this.queue.length;
  }

  get lost(): number {
    return this.queue.lostTotal;
  }

  /** Why the outbox last refused records; null while it takes them. */
  get refused(): string | null {
    return this.refusal;
  }

  /** Whether refused records are kept and retried: yes while sync is on and while stopping. */
  keepRefused(keep: boolean): void {
    this.keeping = keep;
  }

  push(record: OutboxRecord): void {
    if (this.queue.push(record, this.lossReason)) {
      // At once past a batch's worth; while the outbox refuses, `flush` retries once a second.
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
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.appendOnce().finally(() => {
      this.flushing = null;
      if (this.queue.length >= FLUSH_AT_RECORDS && this.refusal === null) void this.flush();
    });
    return this.flushing;
  }

  /** At stop: appends what waits until done or refused, and says what it could not append. */
  async drain(): Promise<void> {
    this.keeping = true;
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

  private async appendOnce(): Promise<void> {
    // Losses are journaled once the queue has room again (the outbox takes records as fast as
    // they come): one audit line per stream and stretch of loss, not one per flush while it lasts.
    const losses = this.queue.full ? [] : this.queue.takeLosses();
    const now = this.deps.now();
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
    if (!this.keeping) {
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
