import { describe, expect, it } from 'vitest';
import { createSampleFilter } from '../../../../../electron/historian/compression/sampleFilter.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import { Quality } from '../../../../../shared/quality.js';

const good = (ts: number, value: number): SampleRow => [ts, value, Quality.Good];

function run(deviation: number, rows: SampleRow[]) {
  const filter = createSampleFilter({ mode: 'deadband', deviation });
  const perOffer = rows.map((row) => filter.offer(row));
  return { perOffer, held: filter.pending(), flushed: filter.flush() };
}

describe('deadband (exception) compression', () => {
  it('drops values within deviation of the last archived one, whichever way they wander', () => {
    const { perOffer, held } = run(1, [good(0, 10), good(1, 10.5), good(2, 9.2), good(3, 11), good(4, 9)]);
    expect(perOffer.flat()).toEqual([good(0, 10)]);
    expect(held).toEqual(good(4, 9));
  });

  it('archives the held value before an exception, then tests the new value against it', () => {
    // 11.5 is 1.5 from the archived 10: 9.2 (held) is archived; 11.5 is 2.3 from 9.2, so it is
    // archived too. 11.8 is within 1 of 11.5 and is held until the flush.
    const rows = [good(0, 10), good(1, 10.5), good(2, 9.2), good(3, 11.5), good(4, 11.8)];
    const { perOffer, flushed } = run(1, rows);
    expect(perOffer).toEqual([[good(0, 10)], [], [], [good(2, 9.2), good(3, 11.5)], []]);
    expect(flushed).toEqual([good(4, 11.8)]);
  });

  it('on a slow ramp archives the last value inside the band and holds the next from there', () => {
    // Band around 0 is [-1, 1]: 1.2 breaks it, so 0.8 is archived and 1.2 is within 1 of it.
    // Band around 0.8 is [-0.2, 1.8]: 2.0 breaks it, so 1.6 is archived; 2.0 is held.
    const rows = [0, 0.4, 0.8, 1.2, 1.6, 2.0].map((value, ts) => good(ts, value));
    const { perOffer, held } = run(1, rows);
    expect(perOffer.flat()).toEqual([good(0, 0), good(2, 0.8), good(4, 1.6)]);
    expect(held).toEqual(good(5, 2.0));
  });

  it('reports a set-point change as a flat line and a step, not a ramp', () => {
    const rows = [good(0, 50), good(60_000, 50), good(120_000, 50), good(120_500, 60), good(180_000, 60)];
    const { perOffer, flushed } = run(0.1, rows);
    expect([...perOffer.flat(), ...flushed]).toEqual([
      good(0, 50),
      good(120_000, 50),
      good(120_500, 60),
      good(180_000, 60),
    ]);
  });
});
