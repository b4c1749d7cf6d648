import { describe, expect, it } from 'vitest';
import { createSampleFilter } from '../../../../../electron/historian/compression/sampleFilter.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import { Quality } from '../../../../../shared/quality.js';

const good = (ts: number, value: number): SampleRow => [ts, value, Quality.Good];

/** Offers the rows one by one, noting what each offer archived, then flushes. */
function run(deviation: number, rows: SampleRow[]) {
  const filter = createSampleFilter({ mode: 'swingingDoor', deviation });
  const perOffer = rows.map((row) => filter.offer(row));
  return { perOffer, held: filter.pending(), flushed: filter.flush() };
}

describe('swinging door compression', () => {
  it('drops points on a straight ramp and archives the last one before the ramp turns', () => {
    // A = (0, 0). Slopes allowed by (1, 0.5): [-0.5, 1.5]; with (2, 1): [0, 1]; with (3, 1.5):
    // [1/6, 5/6]. The line A → (4, 0) has slope 0, below 1/6, so (3, 1.5) is archived and
    // (4, 0) is held from there.
    const { perOffer, held, flushed } = run(1, [
      good(0, 0),
      good(1, 0.5),
      good(2, 1),
      good(3, 1.5),
      good(4, 0),
    ]);
    expect(perOffer).toEqual([[good(0, 0)], [], [], [], [good(3, 1.5)]]);
    expect(held).toEqual(good(4, 0));
    expect(flushed).toEqual([good(4, 0)]);
  });

  it('drops noisy points around a trend while the line through them stays within deviation', () => {
    // Trend of slope 1 with ±0.2 noise, deviation 0.5. The allowed slopes narrow to [0.7, 1.7],
    // [0.7, 1.15], [0.9, 1.15], [0.9, 1.075]; each line from (0, 0) to the next point has a slope
    // inside them (0.9, 1.07, 0.95, 1), so only the first and last points are archived.
    const rows = [good(0, 0), good(1, 1.2), good(2, 1.8), good(3, 3.2), good(4, 3.8), good(5, 5)];
    const { perOffer, flushed } = run(0.5, rows);
    expect(perOffer.flat()).toEqual([good(0, 0)]);
    expect(flushed).toEqual([good(5, 5)]);
  });

  it('archives the held point when the line to the new one would stray from an earlier point', () => {
    // Textbook swinging door only asks whether the doors still overlap: after (1, 1) they allow
    // [0, 2], after (10, -0.5) [0, 0.05], so it would hold (10, -0.5) and the archived line
    // (0, 0) → (10, -0.5) would pass 1.05 from (1, 1). Testing the line itself archives (1, 1).
    const { perOffer, flushed } = run(1, [good(0, 0), good(1, 1), good(10, -0.5)]);
    expect(perOffer).toEqual([[good(0, 0)], [], [good(1, 1)]]);
    expect(flushed).toEqual([good(10, -0.5)]);
  });

  it('archives both sides of a step: the last point before it and the first after', () => {
    const rows = [good(0, 10), good(1, 10), good(2, 10), good(3, 20), good(4, 20), good(5, 20)];
    const { perOffer, flushed } = run(0.5, rows);
    expect(perOffer.flat()).toEqual([good(0, 10), good(2, 10), good(3, 20)]);
    expect(flushed).toEqual([good(5, 20)]);
  });

  it('archives a one-sample spike with its neighbours, so the chart shows its full height', () => {
    const rows = [good(0, 5), good(1, 5), good(2, 50), good(3, 5), good(4, 5)];
    const { perOffer, flushed } = run(1, rows);
    expect([...perOffer.flat(), ...flushed]).toEqual([
      good(0, 5),
      good(1, 5),
      good(2, 50),
      good(3, 5),
      good(4, 5),
    ]);
  });
});
