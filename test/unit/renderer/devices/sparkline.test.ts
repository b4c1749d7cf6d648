import { describe, expect, it } from 'vitest';
import { sparkRuns } from '../../../../renderer/devices/sparkline.js';
import { Quality } from '../../../../shared/quality.js';

/** 21 pixels: values from y 20 (low) to y 1 (high), a pixel clear of each edge. */
const size = { width: 100, height: 21 };
const window = { from: 0, to: 100 };

describe('sparkline runs', () => {
  it('breaks the line at bad samples and never draws across them', () => {
    const runs = sparkRuns(
      {
        ts: [0, 25, 50, 75, 100],
        value: [0, 5, null, 5, 10],
        quality: [Quality.Good, Quality.Good, Quality.BadSensorFailure, Quality.Good, Quality.Good],
      },
      window,
      size,
      [0, 10],
    );
    expect(runs).toEqual([
      {
        uncertain: false,
        points: [
          [0, 20],
          [25, 10.5],
        ],
      },
      {
        uncertain: false,
        points: [
          [75, 10.5],
          [100, 1],
        ],
      },
    ]);
  });

  it('starts a dashed run where values turn stale, joined to the good one before', () => {
    const stale = Quality.UncertainNoCommunicationLastUsableValue;
    const runs = sparkRuns(
      { ts: [0, 50, 100], value: [10, 10, 10], quality: [Quality.Good, stale, stale] },
      window,
      size,
      [0, 10],
    );
    expect(runs).toEqual([
      { uncertain: false, points: [[0, 1]] },
      {
        uncertain: true,
        points: [
          [0, 1],
          [50, 1],
          [100, 1],
        ],
      },
    ]);
  });

  it('scales to the data when the engineering range is unknown, and draws nothing without data', () => {
    const runs = sparkRuns({ ts: [0, 100], value: [2, 4], quality: [0, 0] }, window, size, null);
    expect(runs[0]?.points).toEqual([
      [0, 20],
      [100, 1],
    ]);
    expect(sparkRuns({ ts: [], value: [], quality: [] }, window, size, null)).toEqual([]);
  });
});
