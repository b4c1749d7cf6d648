import { describe, expect, it } from 'vitest';
import { CsvRowCounter } from '../../../../renderer/export/csvProgress.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds the text split at every given offset, as a network delivers it. */
function feed(text: string, cuts: number[]): CsvRowCounter {
  const counter = new CsvRowCounter();
  const all = bytes(text);
  let start = 0;
  for (const cut of [...cuts, all.length]) {
    counter.push(all.subarray(start, cut));
    start = cut;
  }
  return counter;
}

const CSV =
  'timestamp,tag,value,quality,quality_code\r\n' +
  '2026-01-01T00:00:00.000Z,line1/pump1/flow,1,Good,0\r\n' +
  '2026-01-01T00:00:30.000Z,"a ""quoted"", tag\r\nwith a line break",2,Good,0\r\n' +
  '2026-01-01T00:01:00.000Z,ünïcödé/tag,3,Good,0\r\n';

describe('following a CSV download', () => {
  it('counts rows and knows the last row time, however the bytes are split', () => {
    const length = bytes(CSV).length;
    for (const cuts of [[], [1], [25, 60], Array.from({ length: length - 1 }, (_, i) => i + 1)]) {
      const counter = feed(CSV, cuts);
      expect(counter.rows).toBe(3);
      expect(counter.lastFirstCell).toBe('2026-01-01T00:01:00.000Z');
    }
  });

  it('does not count a line break inside a quoted field as a row', () => {
    const counter = feed(CSV.slice(0, CSV.indexOf('with a line')), []);
    expect(counter.rows).toBe(1);
    expect(counter.lastFirstCell).toBe('2026-01-01T00:00:00.000Z');
  });

  it('tells how far through the range the rows have come', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const counter = feed(CSV, [100]);
    expect(counter.fraction(from, from + 120_000)).toBe(0.5);
    expect(counter.fraction(from, from + 30_000)).toBe(1);
    expect(new CsvRowCounter().fraction(from, from + 1000)).toBe(0);
    expect(feed('timestamp,tag\r\n', []).lastFirstCell).toBeNull();
  });
});
