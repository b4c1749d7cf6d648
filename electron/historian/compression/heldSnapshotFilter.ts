import type { SampleRow } from '../rowStreams.js';
import type { SampleFilter } from './sampleFilter.js';

/**
 * The part of PI's archive filtering that both modes share (OSIsoft PI Server, "exception and
 * compression testing"; ../shared/reference/historian.md). The last archived sample anchors a
 * segment; each newer good sample with the same quality is held as the snapshot while the mode's
 * test accepts it as the segment's end. When a sample is not accepted, the held snapshot (the
 * last one that was) is archived and becomes the anchor, and the sample is tested against it;
 * so the archive keeps the point *before* the change, which puts a step where it happened rather
 * than smearing it across the whole segment.
 *
 * Always archived, because dropping them would hide what an operator must see:
 * - the first sample, and every sample that is not good or has no finite value;
 * - a change of quality (the held snapshot with the old quality, and the new sample);
 * - a sample more than `maxIntervalMs` after the anchor (after the held snapshot, if any), so
 *   a steady tag still leaves regular evidence that it was alive.
 * Late samples (timestamp at or before the newest offered) pass straight through and leave the
 * segment alone: late data is never lost, though it takes no part in the deviation guarantee.
 * A redelivery of the newest timestamp replaces it and is archived at once.
 */
export class HeldSnapshotFilter implements SampleFilter {
  private anchor: SampleRow | null = null;
  private held: SampleRow | null = null;
  private newestTs = -Infinity;

  constructor(
    private readonly test: SegmentTest,
    private readonly maxIntervalMs: number,
  ) {}

  offer(row: SampleRow): SampleRow[] {
    const ts = row[0];
    if (!Number.isFinite(ts)) return [row];
    if (ts <= this.newestTs) return ts === this.newestTs ? [this.archive(row)] : [row];
    this.newestTs = ts;
    const previous = this.held ?? this.anchor;
    if (!previous || !compressible(row) || !compressible(previous) || previous[2] !== row[2]) {
      return this.archiveAfterHeld(row);
    }
    const value = row[1]!;
    const archived: SampleRow[] = [];
    let fits = this.fits(ts, value);
    if (!fits && this.held) {
      archived.push(this.archive(this.held));
      fits = this.fits(ts, value);
    }
    if (fits) {
      this.held = row;
      this.test.hold(ts, value);
    } else archived.push(this.archive(row));
    return archived;
  }

  flush(): SampleRow[] {
    return this.held ? [this.archive(this.held)] : [];
  }

  pending(): SampleRow | null {
    return this.held;
  }

  private fits(ts: number, value: number): boolean {
    return ts - this.anchor![0] <= this.maxIntervalMs && this.test.accepts(ts, value);
  }

  private archiveAfterHeld(row: SampleRow): SampleRow[] {
    return this.held ? [this.archive(this.held), this.archive(row)] : [this.archive(row)];
  }

  /** Makes `row` the anchor of a new segment and drops whatever was held. */
  private archive(row: SampleRow): SampleRow {
    this.anchor = row;
    this.held = null;
    if (compressible(row)) this.test.start(row[0], row[1]!);
    return row;
  }
}

/**
 * A mode's rule for dropping good samples. It sees only samples of one segment: good, finite,
 * one quality, in strictly increasing time after the anchor.
 */
export interface SegmentTest {
  /** A new segment starts at this archived sample. */
  start(ts: number, value: number): void;
  /** Whether this sample may end the segment: every sample held since the start stays within deviation. */
  accepts(ts: number, value: number): boolean;
  /** This sample was accepted and is now held; later ones must also keep it within deviation. */
  hold(ts: number, value: number): void;
}

/** Good quality with a finite value: the only samples a filter may drop. */
function compressible(row: SampleRow): boolean {
  return row[2] >>> 30 === 0 && row[1] !== null && Number.isFinite(row[1]);
}
