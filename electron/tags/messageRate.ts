/** Width of one counting slot, and how many slots make the window: ten-second slots, one minute. */
const SLOT_MS = 10_000;
const SLOTS = 6;

/**
 * Messages per second over about the last minute, from six ten-second counters: constant memory
 * whatever the device's rate, and a figure that settles within a minute of a change. Until the
 * device has been known for a minute the rate is taken over the time since it was first seen.
 */
export class MessageRate {
  private readonly counts = new Array<number>(SLOTS).fill(0);
  private readonly slotIds = new Array<number>(SLOTS).fill(-1);

  constructor(private readonly since: number) {}

  add(at: number): void {
    const slot = Math.floor(at / SLOT_MS);
    const index = slot % SLOTS;
    if (this.slotIds[index] !== slot) {
      this.slotIds[index] = slot;
      this.counts[index] = 0;
    }
    this.counts[index]!++;
  }

  perSecond(now: number): number {
    const current = Math.floor(now / SLOT_MS);
    const first = current - SLOTS + 1;
    let count = 0;
    for (let i = 0; i < SLOTS; i++) {
      const slot = this.slotIds[i]!;
      if (slot >= first && slot <= current) count += this.counts[i]!;
    }
    const windowStart = Math.max(first * SLOT_MS, this.since);
    return count / Math.max(1, (now - windowStart) / 1000);
  }
}
