import type { HlcStamp } from '../../../shared/alarmSync.js';

/**
 * Beyond this, a stamp from another station is taken for a broken clock: its action still
 * counts, in its place in the order, but this station's clock does not follow it there.
 */
export const MAX_FOLLOW_AHEAD_MS = 3_600_000;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): each
 * stamp is the wall clock in ms, but never earlier than any stamp this station made or saw
 * before, with a counter to tell apart stamps within one ms. So an action done after another
 * was seen orders after it even when this station's wall clock is behind or jumps back; an old
 * action can never win over one made later, whatever the clocks say.
 */
export class HybridClock {
  private ms = 0;
  private n = 0;

  constructor(
    readonly station: string,
    private readonly wallClock: () => number = Date.now,
    private readonly onFarAhead?: (stamp: HlcStamp, aheadMs: number) => void,
  ) {}

  /** A stamp for an action done here now: later than every stamp made or seen so far. */
  now(): HlcStamp {
    const wall = this.wallClock();
    if (wall > this.ms) {
      this.ms = wall;
      this.n = 0;
    } else {
      this.n++;
    }
    return { ms: this.ms, n: this.n, station: this.station };
  }

  /** Another station's stamp was seen: what is done here next orders after it. */
  observe(stamp: HlcStamp): void {
    const wall = this.wallClock();
    const ahead = stamp.ms - wall;
    if (ahead > MAX_FOLLOW_AHEAD_MS) {
      this.onFarAhead?.(stamp, ahead);
      return;
    }
    if (stamp.ms > this.ms) {
      this.ms = stamp.ms;
      this.n = stamp.n;
    } else if (stamp.ms === this.ms && stamp.n > this.n) {
      this.n = stamp.n;
    }
  }
}

/** The site-wide order of actions: by ms, then counter, then station id. Negative: a first. */
export function compareStamps(a: HlcStamp, b: HlcStamp): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  if (a.n !== b.n) return a.n - b.n;
  return a.station < b.station ? -1 : a.station > b.station ? 1 : 0;
}

/** One key per action of the site, for telling an action already seen from a new one. */
export function stampKey(stamp: HlcStamp): string {
  return `${stamp.station}\u0000${stamp.ms}\u0000${stamp.n}`;
}
