import type { AuditRecord, SyncStream } from '../../../shared/sync.js';
import type { OutboxRecord } from '../ports.js';

/** Records of one stream that could not be queued, over a span of event time. */
export interface Loss {
  stream: SyncStream;
  records: number;
  firstAtMs: number;
  lastAtMs: number;
  /** Why, as last heard (the outbox's refusal, or that it did not keep up). */
  reason: string;
}

/**
 * Records waiting for the outbox, at most `capacity` of them: when the config worker is slow or
 * refuses (disk full, outbox at its limit) memory stays bounded and what does not fit is
 * counted per stream, to be journaled in the audit stream once the outbox takes records again.
 * Records already queued are kept in order (the oldest go first); new ones are what is lost.
 */
export class RecordQueue {
  private records: OutboxRecord[] = [];
  private readonly losses = new Map<SyncStream, Loss>();
  /** Records lost since start, journaled or not. */
  lostTotal = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.records.length;
  }

  get full(): boolean {
    return this.records.length >= this.capacity;
  }

  /** Queues a record; false (and counted) when the queue is full. */
  push(record: OutboxRecord, reason: () => string): boolean {
    if (this.records.length >= this.capacity) {
      this.lose(record, reason());
      return false;
    }
    this.records.push(record);
    return true;
  }

  /** The oldest `max` records, taken out of the queue. */
  take(max: number): OutboxRecord[] {
    if (this.records.length <= max) {
      const all = this.records;
      this.records = [];
      return all;
    }
    return this.records.splice(0, max);
  }

  /** Records the outbox did not take go back in front; those that no longer fit are counted lost. */
  putBack(records: OutboxRecord[], reason: string): void {
    const room = Math.max(0, this.capacity - this.records.length);
    for (const record of records.slice(room)) this.lose(record, reason);
    this.records = records.slice(0, room).concat(this.records);
  }

  /** Losses not yet journaled, oldest stream first. */
  pendingLosses(): Loss[] {
    return [...this.losses.values()];
  }

  /** Takes the losses to journal them; give them back with `restoreLosses` if that fails. */
  takeLosses(): Loss[] {
    const losses = this.pendingLosses();
    this.losses.clear();
    return losses;
  }

  restoreLosses(losses: Loss[]): void {
    for (const loss of losses) {
      const newer = this.losses.get(loss.stream);
      this.losses.set(
        loss.stream,
        newer
          ? {
              ...newer,
              records: newer.records + loss.records,
              firstAtMs: Math.min(newer.firstAtMs, loss.firstAtMs),
              lastAtMs: Math.max(newer.lastAtMs, loss.lastAtMs),
            }
          : loss,
      );
    }
  }

  private lose(record: OutboxRecord, reason: string): void {
    this.lostTotal++;
    const loss = this.losses.get(record.stream);
    if (!loss) {
      this.losses.set(record.stream, {
        stream: record.stream,
        records: 1,
        firstAtMs: record.at,
        lastAtMs: record.at,
        reason,
      });
      return;
    }
    loss.records++;
    if (record.at < loss.firstAtMs) loss.firstAtMs = record.at;
    if (record.at > loss.lastAtMs) loss.lastAtMs = record.at;
    loss.reason = reason;
  }
}

const WHERE_ELSE: Partial<Record<SyncStream, string>> = {
  devices: 'the historian has the stale markers of the devices that went offline',
};

/** The audit line that tells the cloud a stretch of a stream is missing, and why, and where the data still is. */
export function lossAudit(loss: Loss, at: number): AuditRecord {
  const span = `${new Date(loss.firstAtMs).toISOString()} to ${new Date(loss.lastAtMs).toISOString()}`;
  const where = WHERE_ELSE[loss.stream] ?? 'the historian still has the samples';
  return {
    at,
    by: 'sync',
    what: 'sync.lost',
    id: loss.stream,
    version: null,
    summary:
      `${loss.records} ${loss.stream} record(s) with times from ${span} could not be queued for the cloud (${loss.reason}); ${where}`.slice(
        0,
        2_000,
      ),
  };
}
