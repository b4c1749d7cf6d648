/**
 * One edge node's `seq` window (Sparkplug 3.0, "Operational Behavior": one counter per edge node
 * shared by its own and its devices' messages, 0–255, wrapping). QoS 0 messages can overtake each
 * other, so a message that arrives early is held until the ones before it arrive: 6, 8, 7, 9 comes
 * out as 6, 7, 8, 9. What to do when a gap is never filled (give up, ask for a rebirth) is the
 * caller's decision: it calls `release()` when its reorder timeout passes.
 *
 * A seq up to 127 ahead counts as early; one further away is taken as late (already passed) and
 * handed on at once: holding it would stall the node for the whole timeout.
 */
export type SeqVerdict = 'in order' | 'early' | 'late';

const WINDOW = 128;
/** More held than this means the node is far off course: everything is released at once. */
export const MAX_HELD = 256;

export class SeqReorder<T> {
  private expected: number;
  private held: Array<{ seq: number; item: T }> = [];

  /** `lastSeq` is the seq of the message that opened the window (the NBIRTH's, normally 0). */
  constructor(lastSeq: number) {
    this.expected = (lastSeq + 1) & 0xff;
  }

  get holding(): number {
    return this.held.length;
  }

  /** Takes one message; returns the verdict and every message now due, in seq order. */
  offer(seq: number, item: T): { verdict: SeqVerdict; ready: T[] } {
    const distance = (seq - this.expected) & 0xff;
    if (distance === 0) {
      const ready = [item];
      this.expected = (seq + 1) & 0xff;
      this.drainDue(ready);
      return { verdict: 'in order', ready };
    }
    if (distance < WINDOW) {
      this.held.push({ seq, item });
      return { verdict: 'early', ready: this.held.length > MAX_HELD ? this.release() : [] };
    }
    return { verdict: 'late', ready: [item] };
  }

  /** Gives up on the missing seqs: everything held, in seq order; the window moves past it. */
  release(): T[] {
    const base = this.expected;
    const held = this.held.sort((a, b) => ((a.seq - base) & 0xff) - ((b.seq - base) & 0xff));
    this.held = [];
    const last = held.at(-1);
    if (last) this.expected = (last.seq + 1) & 0xff;
    return held.map((h) => h.item);
  }

  private drainDue(ready: T[]): void {
    for (;;) {
      const index = this.held.findIndex((h) => h.seq === this.expected);
      if (index < 0) return;
      ready.push(this.held[index]!.item);
      this.held.splice(index, 1);
      this.expected = (this.expected + 1) & 0xff;
    }
  }
}
