import { describe, expect, it } from 'vitest';
import { decodeBlocks, encodeBlocks, summarize } from '../../../../electron/historian/chunkSummary.js';
import type { SampleRow } from '../../../../electron/historian/rowStreams.js';
import { Quality } from '../../../../shared/quality.js';

describe('chunk summaries', () => {
  it('summarise what a chart draws: bad samples are gaps, not values', () => {
    const rows: SampleRow[] = [
      [0, 5, Quality.Good],
      [1, 900, Quality.BadSensorFailure],
      [2, -3, Quality.UncertainLastUsableValue],
      [3, 4, Quality.Good],
    ];
    expect(summarize(rows)).toEqual({
      startTs: 0,
      endTs: 3,
      count: 4,
      first: 5,
      last: 4,
      min: -3,
      max: 5,
      worstQuality: Quality.BadSensorFailure,
      hasGap: true,
    });
  });

  it('pack one summary per block and read them back', () => {
    const rows: SampleRow[] = Array.from({ length: 10 }, (_, i) => [
      i * 10,
      i === 7 ? null : i,
      i === 7 ? Quality.Bad : 0,
    ]);
    const blocks = decodeBlocks(encodeBlocks(rows, 4));
    expect(blocks.map((b) => [b.startTs, b.endTs, b.count, b.first, b.last, b.min, b.max, b.hasGap])).toEqual(
      [
        [0, 30, 4, 0, 3, 0, 3, false],
        [40, 70, 4, 4, null, 4, 6, true],
        [80, 90, 2, 8, 9, 8, 9, false],
      ],
    );
  });
});
