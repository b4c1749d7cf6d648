import { describe, expect, it } from 'vitest';
import { compareStamps, HybridClock, MAX_FOLLOW_AHEAD_MS } from '../../../../../electron/alarms/sync/hlc.js';
import type { HlcStamp } from '../../../../../shared/alarmSync.js';

function clockAt(station: string, start: number) {
  let wall = start;
  const farAhead: HlcStamp[] = [];
  const clock = new HybridClock(
    station,
    () => wall,
    (stamp) => farAhead.push(stamp),
  );
  return { clock, farAhead, set: (ms: number) => (wall = ms) };
}

describe('hybrid logical clock', () => {
  it('reads the wall clock while it moves forward', () => {
    const { clock, set } = clockAt('a', 1_000);
    expect(clock.now()).toEqual({ ms: 1_000, n: 0, station: 'a' });
    set(1_005);
    expect(clock.now()).toEqual({ ms: 1_005, n: 0, station: 'a' });
  });

  it('never goes back when the wall clock jumps back: each stamp is later than the last', () => {
    const { clock, set } = clockAt('a', 50_000);
    const before = clock.now();
    set(10_000); // the clock was set back by 40 s
    const after = clock.now();
    const later = clock.now();
    expect(compareStamps(after, before)).toBeGreaterThan(0);
    expect(compareStamps(later, after)).toBeGreaterThan(0);
    expect(after.ms).toBe(50_000);
  });

  it('orders an action made after seeing another after it, though its own wall clock is behind', () => {
    const b = clockAt('b', 100_000).clock; // b's clock is 90 s ahead of a's
    const a = clockAt('a', 10_000).clock;
    const shelve = b.now();
    a.observe(shelve);
    const unshelve = a.now();
    expect(compareStamps(unshelve, shelve)).toBeGreaterThan(0);
  });

  it('keeps stamps in one millisecond apart by their counter, and stations apart by id', () => {
    const { clock } = clockAt('a', 7);
    const first = clock.now();
    const second = clock.now();
    expect(second).toEqual({ ms: 7, n: 1, station: 'a' });
    expect(compareStamps(first, second)).toBeLessThan(0);
    expect(compareStamps({ ms: 7, n: 1, station: 'a' }, { ms: 7, n: 1, station: 'b' })).toBeLessThan(0);
    expect(compareStamps(second, { ...second })).toBe(0);
  });

  it('does not follow a stamp from a clock far ahead, and says so', () => {
    const { clock, farAhead } = clockAt('a', 1_000_000);
    const wild = { ms: 1_000_000 + MAX_FOLLOW_AHEAD_MS + 1, n: 0, station: 'broken' };
    clock.observe(wild);
    expect(farAhead).toEqual([wild]);
    expect(clock.now().ms).toBe(1_000_000);
    clock.observe({ ms: 1_000_000 + 60_000, n: 3, station: 'b' }); // a minute ahead: followed
    expect(clock.now()).toEqual({ ms: 1_060_000, n: 4, station: 'a' });
  });
});
