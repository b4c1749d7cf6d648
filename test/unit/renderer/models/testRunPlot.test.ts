import { describe, expect, it } from 'vitest';
import type { TestRunResult } from '../../../../shared/models.js';
import { testRunPlot, testRunSummary } from '../../../../renderer/models/testRunPlot.js';

const result: TestRunResult = {
  from: 0,
  to: 3_000,
  ts: [1_000, 2_000, 3_000],
  inputs: [{ tag: 'a/b/x', value: [1, 2, 3], quality: [192, 192, 192] }],
  outputs: [
    { tag: 'a/b/score', value: [0.1, null, 0.5], quality: [192, 0, 192] },
    { tag: 'a/b/none', value: [null, null, null], quality: [0, 0, 0] },
  ],
  thinned: false,
};

describe('the test run plot', () => {
  it('lays out seconds, then inputs, then outputs, with gaps where bad', () => {
    const plot = testRunPlot(result);
    expect(plot.data).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [0.1, null, 0.5],
      [null, null, null],
    ]);
    expect(plot.labels).toEqual(['a/b/x', 'a/b/score', 'a/b/none']);
    expect(plot.outputs).toEqual([false, true, true]);
  });

  it('sums up each output in words', () => {
    expect(testRunSummary(result)).toEqual([
      'a/b/score: 2 of 3 runs good, 0.100 … 0.500',
      'a/b/none: no good value in 3 runs',
    ]);
  });
});
