import type { SegmentTest } from './heldSnapshotFilter.js';

/**
 * Swinging-door compression (Bristol, "Swinging Door Trending", ISA 1990; OSIsoft PI's
 * compression test with CompDev; ../shared/reference/historian.md). A segment starts at the
 * last archived point A. Each sample p held since then allows only the lines from A that pass
 * within ±deviation of it: slopes between (p - deviation - A) / Δt and (p + deviation - A) / Δt.
 * These are the two "doors" hinged at A ± deviation; each sample can only narrow them. A new
 * sample may end the segment if the line from A to it has a slope between the doors; when it
 * has not, the held snapshot is archived (PI archives the previous point when the door closes).
 *
 * Testing the actual line A → sample, rather than only whether the doors have crossed as in the
 * textbook form, guarantees that linear interpolation between archived points stays within
 * ±deviation of every dropped sample; the textbook form can overshoot when the held point lies
 * off the best line. Each test is O(1) in time and memory.
 */
export class SwingingDoorTest implements SegmentTest {
  private startTs = 0;
  private startValue = 0;
  private lowestSlope = -Infinity;
  private highestSlope = Infinity;

  constructor(private readonly deviation: number) {}

  start(ts: number, value: number): void {
    this.startTs = ts;
    this.startValue = value;
    this.lowestSlope = -Infinity;
    this.highestSlope = Infinity;
  }

  accepts(ts: number, value: number): boolean {
    const slope = (value - this.startValue) / (ts - this.startTs);
    return slope >= this.lowestSlope && slope <= this.highestSlope;
  }

  hold(ts: number, value: number): void {
    const elapsed = ts - this.startTs;
    const rise = value - this.startValue;
    this.lowestSlope = Math.max(this.lowestSlope, (rise - this.deviation) / elapsed);
    this.highestSlope = Math.min(this.highestSlope, (rise + this.deviation) / elapsed);
  }
}
