import { describe, expect, it } from 'vitest';
import { Throughput } from '../../../electron/sync/throughput.js';

describe('Throughput', () => {
  it('averages what was acknowledged over the last ten seconds', () => {
    let now = 100_000;
    const throughput = new Throughput(() => now);
    throughput.add(1_000, 50_000);
    now += 4_000;
    throughput.add(1_000, 50_000);
    expect(throughput.rates()).toEqual({ recordsPerSecond: 200, bytesPerSecond: 10_000 });
    now += 7_000; // the first second has left the window
    expect(throughput.rates()).toEqual({ recordsPerSecond: 100, bytesPerSecond: 5_000 });
    now += 60_000;
    expect(throughput.rates()).toEqual({ recordsPerSecond: 0, bytesPerSecond: 0 });
  });

  it('starts afresh when the clock steps back', () => {
    let now = 100_000;
    const throughput = new Throughput(() => now);
    throughput.add(1_000, 1_000);
    now = 50_000;
    expect(throughput.rates().recordsPerSecond).toBe(0);
  });
});
