import { RollupBucket } from './rollupBucket.js';

export const HOUR_MS = 3_600_000;
/**
 * How long past its end (in the tag's own time) a bucket of a silent tag stays open for samples
 * that arrive late. A tag that keeps talking closes its bucket sooner: with its first sample in
 * the next interval.
 */
export const GRACE_MS = 10_000;
/**
 * A sample further ahead of this computer's clock opens no bucket: it would make every real
 * sample after it look late. Ingest already stores such samples at the time of receipt
 * (MAX_CLOCK_AHEAD_MS there), so this is the second line, for any other caller.
 */
export const MAX_AHEAD_MS = 5 * 60_000;

/**
 * How far before the tag's newest bucket a sample must be to mean the tag's time went back (the
 * laptop's clock was set back, and ingest now stamps at receipt; or a device's clock was
 * corrected) rather than that it arrived late. Late samples are left out of the rollup and
 * counted; a jump starts the tag's buckets afresh, so rollups resume at once instead of after
 * the clock has caught up again.
 */
export function jumpBackMs(resMs: number): number {
  return Math.max(2 * resMs, 5 * 60_000);
}

export type Placement = 'new' | 'late' | 'jump';

/** Where a sample (or a finer bucket) outside the open bucket goes, given the newest bucket start. */
export function place(ts: number, bucketStart: number, newestStart: number, resMs: number): Placement {
  if (bucketStart > newestStart) return 'new';
  return newestStart - ts > jumpBackMs(resMs) ? 'jump' : 'late';
}

export interface RollupCounters {
  /** Samples left out of a rollup because their interval had closed (the historian has them). */
  late: number;
  /** Samples too far ahead of this computer's clock to open a bucket. */
  ahead: number;
  /** Times a tag's buckets started afresh because its time went back. */
  clockJumps: number;
}

export interface RollupContext {
  /** The configured resolution (SyncSettings.rollupSeconds) in ms. */
  readonly resMs: number;
  /** For deadlines: immune to the wall clock being set. */
  monotonic(): number;
  wallNow(): number;
  emit(stream: 'rollups' | 'rollupsHourly', tag: string, bucket: RollupBucket): void;
  readonly counters: RollupCounters;
}

/**
 * One tag's rollups: at most one open bucket at the configured resolution and one hourly, so
 * memory is two buckets per tag whatever the timestamps do. Buckets follow sample time. A bucket
 * closes when the tag's first sample of a newer interval arrives, or, if the tag goes silent,
 * GRACE_MS after its end — measured on the monotonic clock from the sample that opened it, so
 * setting the laptop's clock neither closes every bucket at once nor keeps them open for days.
 * Hourly buckets are fed by closed finer buckets, not by samples: one accumulation per sample.
 * (A resolution that does not divide an hour puts each bucket into the hour it starts in.)
 */
export class TagRollup {
  private fine: RollupBucket | null = null;
  private hourly: RollupBucket | null = null;
  private newestFine = -Infinity;
  private newestHour = -Infinity;

  constructor(readonly tag: string) {}

  add(ts: number, value: number | null, quality: number, ctx: RollupContext): void {
    const fine = this.fine;
    if (fine !== null && ts >= fine.start && ts < fine.start + fine.resMs) {
      fine.add(ts, value, quality);
      return;
    }
    const start = Math.floor(ts / ctx.resMs) * ctx.resMs;
    const placement = place(ts, start, this.newestFine, ctx.resMs);
    if (placement === 'late') {
      ctx.counters.late++;
      return;
    }
    if (placement === 'new' && ts > ctx.wallNow() + MAX_AHEAD_MS) {
      ctx.counters.ahead++;
      return;
    }
    if (placement === 'jump') ctx.counters.clockJumps++;
    this.closeFine(ctx);
    const opened = new RollupBucket(start, ctx.resMs, ctx.monotonic() + start + ctx.resMs - ts + GRACE_MS);
    opened.add(ts, value, quality);
    this.fine = opened;
    this.newestFine = start;
  }

  /** Closes the buckets whose tag has been silent past their end and the grace. */
  expire(monotonicNow: number, ctx: RollupContext): void {
    if (this.fine !== null && monotonicNow >= this.fine.deadline) this.closeFine(ctx);
    if (this.hourly !== null && monotonicNow >= this.hourly.deadline) this.closeHourly(ctx);
  }

  /** The resolution changes: the open bucket closes as it is, the next starts at the new one. */
  resolutionChanged(ctx: RollupContext): void {
    this.closeFine(ctx);
    this.newestFine = -Infinity;
  }

  closeAll(ctx: RollupContext): void {
    this.closeFine(ctx);
    this.closeHourly(ctx);
  }

  get open(): boolean {
    return this.fine !== null || this.hourly !== null;
  }

  private closeFine(ctx: RollupContext): void {
    const fine = this.fine;
    if (fine === null) return;
    this.fine = null;
    ctx.emit('rollups', this.tag, fine);
    const hourStart = Math.floor(fine.start / HOUR_MS) * HOUR_MS;
    if (this.hourly !== null && this.hourly.start === hourStart) {
      this.hourly.merge(fine);
      return;
    }
    const placement = place(fine.start, hourStart, this.newestHour, HOUR_MS);
    if (placement === 'late') {
      ctx.counters.late += fine.samples;
      return;
    }
    if (placement === 'jump') ctx.counters.clockJumps++;
    this.closeHourly(ctx);
    const hourly = new RollupBucket(
      hourStart,
      HOUR_MS,
      ctx.monotonic() + hourStart + HOUR_MS - fine.end + GRACE_MS,
    );
    hourly.merge(fine);
    this.hourly = hourly;
    this.newestHour = hourStart;
  }

  private closeHourly(ctx: RollupContext): void {
    const hourly = this.hourly;
    if (hourly === null) return;
    this.hourly = null;
    ctx.emit('rollupsHourly', this.tag, hourly);
  }
}
