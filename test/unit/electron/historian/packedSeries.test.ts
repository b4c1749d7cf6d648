import { describe, expect, it } from 'vitest';
import {
  historyBuffers,
  packSeries,
  SeriesBuilder,
  unpackHistory,
} from '../../../../electron/historian/packedSeries.js';

describe('packed series', () => {
  it('round-trips a series, a gap as NaN in the columns and null in the contract', () => {
    const series = { ts: [1, 2, 3], value: [1.5, null, -0.25], quality: [0, 0x80000000, 0x40000000] };
    const packed = packSeries(series);
    expect(Number.isNaN(packed.value[1])).toBe(true);
    expect(packed.quality[1]).toBe(0x80000000);
    expect(unpackHistory({ tag: 't', from: 0, to: 9, mode: 'raw', points: packed }).points).toEqual(series);
  });

  it('grows past the count it was sized for and keeps every point', () => {
    const builder = new SeriesBuilder(1);
    for (let i = 0; i < 100; i++) builder.push(i, i * 2, i);
    const packed = builder.finish();
    expect(packed.ts.length).toBe(100);
    expect([packed.ts[99], packed.value[99], packed.quality[99]]).toEqual([99, 198, 99]);
  });

  it('transfers three buffers per result', () => {
    const result = {
      tag: 't',
      from: 0,
      to: 1,
      mode: 'raw' as const,
      points: packSeries({ ts: [], value: [], quality: [] }),
    };
    expect(historyBuffers([result, result])).toHaveLength(6);
  });
});
