import type { SyncStream } from '../../shared/sync.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { OutboxPort } from './ports.js';

/**
 * PUBACKs on their way to the outbox. At most one acknowledge call is under way: PUBACKs that
 * come meanwhile go together in the next one when it answers, so a fast broker costs the config
 * worker one delete transaction per round trip rather than one per PUBACK. A refused call keeps
 * its acks for the next flush: a batch the broker has is not sent again in this session anyway.
 */
export class AckQueue {
  private acks: { stream: SyncStream; seq: number }[] = [];
  private call: Promise<void> | null = null;

  constructor(private readonly options: { outbox: Pick<OutboxPort, 'acknowledge'>; log: Logger }) {}

  /** PUBACKs not yet answered by the outbox (gathered or in the call under way). */
  get busy(): boolean {
    return this.call !== null || this.acks.length > 0;
  }

  add(stream: SyncStream, seq: number): void {
    this.acks.push({ stream, seq });
  }

  /** Hands what gathered to the outbox, unless a call is under way (then it goes after). */
  flush(): void {
    if (this.call || this.acks.length === 0) return;
    const acks = this.acks;
    this.acks = [];
    this.call = this.options.outbox.acknowledge(acks).then(
      () => {
        this.call = null;
        this.flush();
      },
      (error: unknown) => {
        this.call = null;
        this.acks = [...acks, ...this.acks];
        this.options.log.once(
          `ack:${errorMessage(error)}`,
          'warn',
          `drain: acknowledging: ${errorMessage(error)}`,
        );
      },
    );
  }

  /** Every PUBACK gathered so far answered by the outbox (or refused, and kept for later). */
  async settle(): Promise<void> {
    this.flush();
    while (this.call) await this.call;
  }
}
