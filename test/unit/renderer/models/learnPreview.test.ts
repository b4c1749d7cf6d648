import { describe, expect, it } from 'vitest';
import { previewPlot } from '../../../../renderer/models/learnPreview.js';
import { Quality } from '../../../../shared/quality.js';

describe('the Learn normal preview', () => {
  it('puts several tags on one time axis, gaps where a tag has no sample or a bad one', () => {
    const plot = previewPlot([
      {
        tag: 'a/x',
        from: 0,
        to: 3000,
        mode: 'raw',
        points: { ts: [1000, 2000], value: [1, 2], quality: [Quality.Good, Quality.Good] },
      },
      {
        tag: 'a/y',
        from: 0,
        to: 3000,
        mode: 'raw',
        points: {
          ts: [1500, 2000, 3000],
          value: [5, 6, 7],
          quality: [Quality.Good, Quality.BadNotConnected, Quality.Uncertain],
        },
      },
    ]);
    expect(plot.data).toEqual([
      [1, 1.5, 2, 3],
      [1, null, 2, null],
      [null, 5, null, 7],
    ]);
    expect(plot.labels).toEqual(['a/x', 'a/y']);
    expect(plot.counts).toEqual([2, 2]);
  });
});
