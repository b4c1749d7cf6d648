import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ExportPageQuery, SampleColumns } from '../../../../electron/historian/types.js';

interface ExportRow {
  key: number;
  ts: number;
  value: number | null;
  quality: number;
}
import { csvField, streamHistoryCsv } from '../../../../electron/server/csvExport.js';
import { Quality } from '../../../../shared/quality.js';

/** A source holding every sample in memory, answering windows as the historian does. */
function source(rows: ExportRow[]) {
  const windows: ExportPageQuery[] = [];
  return {
    windows,
    exportPage: async (query: ExportPageQuery) => {
      windows.push(query);
      return columns(
        rows.filter((r) => query.keys.includes(r.key) && r.ts >= query.from && r.ts <= query.to),
      );
    },
  };
}

function columns(rows: ExportRow[]): SampleColumns {
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows, (r) => r.key),
    ts: Float64Array.from(rows, (r) => r.ts),
    values: Float64Array.from(rows, (r) => r.value ?? NaN),
    qualities: Uint32Array.from(rows, (r) => r.quality),
  };
}

function sink() {
  let text = '';
  return {
    stream: new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) }),
    text: () => text,
  };
}

describe('the CSV export', () => {
  it('quotes fields as RFC 4180 asks', () => {
    expect(csvField('plain/tag')).toBe('plain/tag');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('writes every sample once, in time order, across windows of any density', async () => {
    const rows: ExportRow[] = [];
    for (let s = 0; s < 50_000; s++) rows.push({ key: 1, ts: s * 1000, value: s, quality: 0 });
    for (let ms = 0; ms < 30_000; ms++)
      rows.push({ key: 2, ts: 10_000_000 + ms, value: null, quality: Quality.BadSensorFailure });
    rows.sort((a, b) => a.ts - b.ts || a.key - b.key);
    const src = source(rows);
    const out = sink();
    const written = await streamHistoryCsv(
      src,
      [
        { key: 1, id: 'a/b/flow' },
        { key: 2, id: 'a,b/c' },
      ],
      { from: 0, to: 1e9 },
      out.stream,
    );
    const lines = out.text().split('\r\n').slice(1, -1);
    expect(written).toBe(rows.length);
    expect(lines).toHaveLength(rows.length);
    expect(lines[0]).toBe('1970-01-01T00:00:00.000Z,a/b/flow,0,Good,0');
    expect(lines.find((line) => line.includes('"a,b/c"'))).toBe(
      '1970-01-01T02:46:40.000Z,"a,b/c",,BadSensorFailure,2156658688',
    );
    const times = lines.map((line) => Date.parse(line.slice(0, 24)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Windows shrink where data is dense, so no single window holds much more than a page.
    expect(
      Math.max(...src.windows.map((w) => rows.filter((r) => r.ts >= w.from && r.ts <= w.to).length)),
    ).toBeLessThan(100_000);
  });
});
