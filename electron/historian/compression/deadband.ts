import type { SegmentTest } from './heldSnapshotFilter.js';

/**
 * PI's exception test (OSIsoft PI interfaces, ExcDev; also OPC UA Part 4's absolute deadband):
 * a sample may be dropped while it lies within ±deviation of the last archived value. Read as
 * "each value holds until the next archived one", every dropped sample is within deviation of
 * what the archive says. Because the held snapshot before a change is archived too, a straight
 * line between archived points runs flat up to the change and then steps, instead of ramping
 * slowly across the whole quiet period; such a line stays within 2 × deviation of every sample.
 * Where a line must stay within ±deviation, swinging door does that with fewer points.
 */
export class DeadbandTest implements SegmentTest {
  private reference = 0;

  constructor(private readonly deviation: number) {}

  start(_ts: number, value: number): void {
    this.reference = value;
  }

  accepts(_ts: number, value: number): boolean {
    return Math.abs(value - this.reference) <= this.deviation;
  }

  hold(): void {}
}
