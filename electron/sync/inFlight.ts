import type { SyncStream } from '../../shared/sync.js';

export interface InFlightBatch {
  stream: SyncStream;
  seq: number;
  count: number;
  bytes: number;
  sentAt: number;
}

/**
 * The batches published in this session and not yet acknowledged by the broker. PUBACKs may come
 * in any order; `after` stays at the newest seq sent per stream, so the outbox is asked only for
 * what follows (a batch acknowledged but not yet deleted in the worker is not sent again).
 * A new session starts from nothing: the outbox hands out its oldest unacknowledged batches again.
 */
export class InFlight {
  private readonly batches = new Map<string, InFlightBatch>();
  private sentUpToByStream: Partial<Record<SyncStream, number>> = {};
  private totalBytes = 0;

  get count(): number {
    return this.batches.size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** The newest seq sent per stream in this session: nextBatches' `after`. */
  after(): Partial<Record<SyncStream, number>> {
    return { ...this.sentUpToByStream };
  }

  /** The newest seq of this stream sent in this session; 0 when none. */
  sentUpTo(stream: SyncStream): number {
    return this.sentUpToByStream[stream] ?? 0;
  }

  sent(batch: InFlightBatch): void {
    this.batches.set(key(batch.stream, batch.seq), batch);
    this.totalBytes += batch.bytes;
    this.sentUpToByStream[batch.stream] = Math.max(this.sentUpToByStream[batch.stream] ?? 0, batch.seq);
  }

  /** The broker acknowledged it: the batch leaves the window. Undefined when it was not in flight. */
  acked(stream: SyncStream, seq: number): InFlightBatch | undefined {
    const k = key(stream, seq);
    const batch = this.batches.get(k);
    if (!batch) return undefined;
    this.batches.delete(k);
    this.totalBytes -= batch.bytes;
    return batch;
  }

  /**
   * When the oldest unacknowledged batch went out; null when none waits. The map keeps the order
   * batches were sent in, so that is its first entry: no walk over the window on every step (and
   * a clock set back does not make a later batch look older).
   */
  oldestSentAt(): number | null {
    for (const batch of this.batches.values()) return batch.sentAt;
    return null;
  }

  /** A new session: nothing is in flight, and every stream starts again from its oldest batch. */
  reset(): void {
    this.batches.clear();
    this.sentUpToByStream = {};
    this.totalBytes = 0;
  }
}

const key = (stream: SyncStream, seq: number) => `${stream}:${seq}`;
