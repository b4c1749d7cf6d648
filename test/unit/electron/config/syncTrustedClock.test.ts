import { describe, expect, it } from 'vitest';
import { TrustedClock } from '../../../../electron/config/syncTrustedClock.js';

const DAY = 86_400_000;

describe('the trusted clock of the outbox age limit', () => {
  const clocks = () => ({ wall: 1_000 * DAY, mono: 0 });

  it('follows the wall clock while it runs at the pace of the monotonic clock', () => {
    const c = clocks();
    const clock = new TrustedClock(
      () => c.wall,
      () => c.mono,
      null,
    );
    c.wall += 60_000;
    c.mono += 60_000;
    expect(clock.now()).toBe(c.wall);
    expect(clock.aheadBy()).toBe(0);
  });

  it('takes a forward jump only at 1 % beyond the time seen to pass, however often it is read', () => {
    const c = clocks();
    const start = c.wall;
    const clock = new TrustedClock(
      () => c.wall,
      () => c.mono,
      null,
    );
    c.wall += 365 * DAY;
    for (let i = 0; i < 1_000; i++) {
      c.mono += 1_000;
      c.wall += 1_000;
      clock.now();
    }
    // 1,000 s passed: the trusted time moved 1,000 s and 1 %, not a year.
    expect(clock.now()).toBeCloseTo(start + 1_010_000, -1);
    expect(clock.aheadBy()).toBeGreaterThan(364 * DAY);
  });

  it('follows a backward jump at once, and does not run ahead when the clock is put right again', () => {
    const c = clocks();
    const clock = new TrustedClock(
      () => c.wall,
      () => c.mono,
      null,
    );
    c.wall -= DAY;
    expect(clock.now()).toBe(c.wall);
    c.wall += DAY;
    c.mono += 10_000;
    expect(clock.now()).toBe(c.wall - DAY + 10_100);
  });

  it('starts at the earlier of the wall clock and the time persisted at the last reading', () => {
    const c = clocks();
    expect(
      new TrustedClock(
        () => c.wall,
        () => c.mono,
        c.wall - 5 * DAY,
      ).now(),
    ).toBe(c.wall - 5 * DAY);
    expect(
      new TrustedClock(
        () => c.wall,
        () => c.mono,
        c.wall + 5 * DAY,
      ).now(),
    ).toBe(c.wall);
  });
});
