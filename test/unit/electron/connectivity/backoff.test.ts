import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../electron/connectivity/backoff.js';

describe('Backoff', () => {
  it('doubles the ceiling from the initial delay up to the cap', () => {
    const highest = new Backoff(1_000, 60_000, () => 1);
    const delays = Array.from({ length: 9 }, () => highest.next());
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('draws each delay anywhere between zero and the ceiling (full jitter)', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff(1_000, 60_000, () => draws.shift()!);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([0, 1_000, 1_000]);
  });

  it('starts again from the initial delay after a reset', () => {
    const backoff = new Backoff(500, 10_000, () => 1);
    for (let i = 0; i < 40; i++) backoff.next();
    expect(backoff.next()).toBe(10_000);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });
});
