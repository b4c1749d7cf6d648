/**
 * The clock the outbox's age limit is measured with: the wall clock, but one that may only run
 * ahead as fast as the monotonic clock says time has passed. The danger it guards against: a
 * laptop whose clock is set a year ahead (by hand, a dead CMOS battery corrected by NTP, a
 * wrong time zone) would otherwise make every record look a year old and the age limit would
 * drop the whole backlog at once.
 *
 * - Forward: between two readings the trusted time advances by at most the monotonic time
 *   elapsed, plus 1 % (NTP's small step corrections are absorbed within minutes). A forward jump
 *   therefore shows only slowly (a day's jump takes 100 days), and age drops happen at most
 *   ~1 % early. The allowance is proportional, so reading the clock often does not add up.
 * - Backward: it follows the wall clock at once (records then look younger: nothing is dropped
 *   early, which is the safe direction).
 * - Across restarts (no monotonic reference): it starts at the earlier of the wall clock and the
 *   trusted time persisted at the last reading, so downtime is not counted as age, and a clock
 *   moved forward while the app was stopped is caught like a jump. Ages may undercount by the
 *   downtime; the size limit still protects the disk, and the warning shows meanwhile.
 */
export class TrustedClock {
  private trusted: number;
  private lastMono: number;

  constructor(
    private readonly wall: () => number,
    private readonly mono: () => number,
    persisted: number | null,
  ) {
    const now = wall();
    this.trusted = persisted === null ? now : Math.min(now, persisted);
    this.lastMono = mono();
  }

  /** The trusted time now; call it as often as liked (each reading advances it). */
  now(): number {
    const mono = this.mono();
    const elapsed = Math.max(0, mono - this.lastMono);
    this.lastMono = mono;
    const ceiling = this.trusted + elapsed * 1.01;
    this.trusted = Math.min(this.wall(), ceiling);
    return this.trusted;
  }

  /** How far the wall clock is ahead of the trusted time (0 when in step). */
  aheadBy(): number {
    return Math.max(0, this.wall() - this.now());
  }
}
