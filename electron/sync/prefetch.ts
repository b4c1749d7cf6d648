import type { SyncStream } from '../../shared/sync.js';
import type { OutboxPort, SealedBatch } from './ports.js';

export interface PrefetchLimits {
  /** Batches held ahead, at most. */
  maxBatches: number;
  /** Their bytes, at most (exceeded by at most one batch: the outbox always hands out one). */
  maxBytes: number;
}

export interface PrefetchOptions {
  outbox: Pick<OutboxPort, 'nextBatches'>;
  limits: PrefetchLimits;
  /** Batches arrived (or a refill of a dropped buffer ended): the drain may send or refill now. */
  onFilled(): void;
  onError(error: unknown): void;
}

/**
 * Backfill batches read ahead from the outbox, per stream in seq order, so that a PUBACK lets
 * the drain send the next batch from memory instead of waiting for the config worker; on a
 * loaded machine that round trip per step is what held the drain back. One refill at a time,
 * asked for when the buffer is at most half full, for what follows the newest seq already
 * fetched or sent, so no batch is held twice. Only backfill: live batches are always asked of
 * the outbox itself and go first. `reset` drops everything (new session, lanes changed, backlog
 * dropped); a refill under way then is thrown away when it answers.
 */
export class Prefetch {
  private buffer: SealedBatch[] = [];
  private bufferedBytes = 0;
  private fetchedUpTo: Partial<Record<SyncStream, number>> = {};
  private generation = 0;
  private filling = false;
  /** The last refill found nothing: no more asking until `wake` (the drain's idle wake). */
  private dry = false;

  constructor(private readonly options: PrefetchOptions) {}

  get count(): number {
    return this.buffer.length;
  }

  get bytes(): number {
    return this.bufferedBytes;
  }

  /**
   * From the front, in the order fetched: at most `maxBatches`, the first whatever its size (as
   * the outbox does: one batch always fits an empty answer), the rest within `maxBytes`.
   */
  take(maxBatches: number, maxBytes: number): SealedBatch[] {
    let n = 0;
    let bytes = 0;
    while (n < maxBatches && n < this.buffer.length) {
      const size = this.buffer[n]!.payload.byteLength;
      if (n > 0 && bytes + size > maxBytes) break;
      bytes += size;
      n++;
    }
    if (n === 0) return [];
    this.bufferedBytes -= bytes;
    return this.buffer.splice(0, n);
  }

  /**
   * Asks the outbox for more of `streams` when the buffer is at most half full (by batches and
   * by bytes) and no refill is under way. `sent`: the newest seq per stream sent in this session.
   */
  refill(streams: SyncStream[], sent: Partial<Record<SyncStream, number>>): void {
    if (this.filling || this.dry || streams.length === 0) return;
    const { maxBatches, maxBytes } = this.options.limits;
    if (this.buffer.length > maxBatches / 2 || this.bufferedBytes > maxBytes / 2) return;
    const after: Partial<Record<SyncStream, number>> = { ...sent };
    for (const stream of streams) after[stream] = Math.max(after[stream] ?? 0, this.fetchedUpTo[stream] ?? 0);
    const generation = this.generation;
    this.filling = true;
    this.options.outbox
      .nextBatches({
        streams,
        after,
        maxBatches: maxBatches - this.buffer.length,
        maxBytes: maxBytes - this.bufferedBytes,
      })
      .then(
        (batches) => {
          this.filling = false;
          if (generation !== this.generation) return this.options.onFilled();
          if (batches.length === 0) {
            this.dry = true;
            return;
          }
          this.add(batches, after);
          this.options.onFilled();
        },
        (error: unknown) => {
          this.filling = false;
          if (generation !== this.generation) return this.options.onFilled();
          // Nothing held changed; the drain's next wake asks again.
          this.dry = true;
          this.options.onError(error);
        },
      );
  }

  /** Backfill may have been sealed since the last refill found none: the next refill asks. */
  wake(): void {
    this.dry = false;
  }

  /** Drops what is held; a refill under way is thrown away when it answers. */
  reset(): void {
    this.generation++;
    this.buffer = [];
    this.bufferedBytes = 0;
    this.fetchedUpTo = {};
    this.dry = false;
  }

  private add(batches: SealedBatch[], after: Partial<Record<SyncStream, number>>): void {
    for (const batch of batches) {
      // Never held twice, never behind what is held of its stream.
      if (batch.seq <= Math.max(this.fetchedUpTo[batch.stream] ?? 0, after[batch.stream] ?? 0)) continue;
      this.fetchedUpTo[batch.stream] = batch.seq;
      this.buffer.push(batch);
      this.bufferedBytes += batch.payload.byteLength;
    }
  }
}
