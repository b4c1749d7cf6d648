import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../electron/sync/tokenBucket.js';

describe('TokenBucket', () => {
  it('is always ready without a budget', () => {
    const bucket = new TokenBucket(null, () => 0);
    bucket.take(10 ** 9);
    expect(bucket.ready()).toBe(true);
    expect(bucket.available()).toBe(Number.POSITIVE_INFINITY);
    expect(bucket.waitMs()).toBe(0);
  });

  it('lets a batch larger than a second of budget go, then waits until the debt is paid', () => {
    let now = 0;
    const bucket = new TokenBucket(1_000, () => now);
    expect(bucket.ready()).toBe(true);
    bucket.take(5_000); // a 5 kB batch on a 1 kB/s budget
    expect(bucket.ready()).toBe(false);
    expect(bucket.waitMs()).toBe(4_001);
    now = 3_000;
    expect(bucket.ready()).toBe(false);
    now = 4_001;
    expect(bucket.ready()).toBe(true);
  });

  it('holds the long-run average to the budget', () => {
    let now = 0;
    const bucket = new TokenBucket(10_000, () => now);
    let sent = 0;
    for (; now <= 60_000; now += 10) {
      while (bucket.ready()) {
        bucket.take(3_000);
        sent += 3_000;
      }
    }
    // 60 s at 10 kB/s, plus the first second's bucket and one batch of debt at most.
    expect(sent).toBeGreaterThanOrEqual(600_000);
    expect(sent).toBeLessThanOrEqual(600_000 + 10_000 + 3_000);
  });

  it('does not save up more than a second of budget while idle', () => {
    let now = 0;
    const bucket = new TokenBucket(1_000, () => now);
    now = 3_600_000;
    expect(bucket.available()).toBe(1_000);
  });

  it('gives nothing for a clock that stepped back', () => {
    let now = 10_000;
    const bucket = new TokenBucket(1_000, () => now);
    bucket.take(1_000);
    now = 0;
    expect(bucket.available()).toBe(0);
    now = 500;
    expect(bucket.available()).toBe(500);
  });

  it('follows a new budget at once', () => {
    const bucket = new TokenBucket(100_000, () => 0);
    bucket.setRate(2_000);
    expect(bucket.available()).toBe(2_000);
    bucket.setRate(null);
    bucket.take(10 ** 6);
    expect(bucket.ready()).toBe(true);
  });
});
