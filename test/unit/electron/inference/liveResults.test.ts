import { describe, expect, it } from 'vitest';
import { decodeResults, encodeResults } from '../../../../electron/inference/liveResults.js';
import type { WindowResult } from '../../../../electron/inference/modelRunner.js';
import { Quality } from '../../../../shared/quality.js';

describe('live run results in columns', () => {
  it('come back from the host as the windows gave them: values, no values, bad, skipped', () => {
    const results: WindowResult[] = [
      { kind: 'values', values: [1.5, -2], qualities: [Quality.Good, Quality.Good], problem: null },
      {
        kind: 'values',
        values: [null, 0],
        qualities: [Quality.BadOutOfRange, Quality.UncertainLastUsableValue],
        problem: 'output "y" was Infinity',
      },
      { kind: 'bad', quality: Quality.BadWaitingForInitialData, reason: 'no value of p1/flow yet' },
      { kind: 'skip', reason: 'p1/flow is Bad' },
      { kind: 'values', values: [3], qualities: [Quality.Good], problem: null },
    ];
    const columns = encodeResults(results);
    expect(columns.values).toBeInstanceOf(Float64Array);
    expect(columns.notes).toHaveLength(3);
    expect(decodeResults(columns)).toEqual(results);
  });
});
