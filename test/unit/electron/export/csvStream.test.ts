import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, rawRows } from '../../../../electron/export/csvFormat.js';
import { streamCsv, type CsvExportSource } from '../../../../electron/export/csvStream.js';
import { Historian } from '../../../../electron/historian/historian.js';
import type { ExportPageQuery, SampleColumns } from '../../../../electron/historian/types.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { Quality } from '../../../../shared/quality.js';
import { appendBatches, batchOf, KEEP_EVERYTHING, storedTag } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

interface ExportRow {
  key: number;
  ts: number;
  value: number | null;
  quality: number;
}

/** A source holding every sample in memory, answering raw windows as the historian does. */
function memorySource(rows: ExportRow[], onPage?: (query: ExportPageQuery) => void) {
  const windows: ExportPageQuery[] = [];
  const source: CsvExportSource = {
    exportCsvRows: async ({ ids, ...query }) => {
      windows.push(query);
      onPage?.(query);
      const page = columns(
        rows.filter((r) => query.keys.includes(r.key) && r.ts >= query.from && r.ts <= query.to),
      );
      return { count: page.count, text: rawRows(page, new Map(query.keys.map((key, i) => [key, ids[i]!]))) };
    },
    aggregates: () => Promise.reject(new Error('a raw export asks for no aggregates')),
  };
  return { source, windows };
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
    lines: () => text.split('\r\n').slice(0, -1),
  };
}

const secondly = (count: number): ExportRow[] =>
  Array.from({ length: count }, (_, s) => ({ key: 1, ts: s * 1000, value: s, quality: 0 }));

describe('the raw CSV export', () => {
  it('quotes fields as RFC 4180 asks', () => {
    expect(csvField('plain/tag')).toBe('plain/tag');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('never lets a text start a spreadsheet formula, and leaves numbers in text alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('-5 °C')).toBe('-5 °C');
    expect(csvField('-.5')).toBe('-.5');
    expect(csvField('pump 3 = tripped')).toBe('pump 3 = tripped');
  });

  it('writes every sample once, in time order, across windows of any density', async () => {
    const rows = secondly(50_000);
    for (let ms = 0; ms < 30_000; ms++)
      rows.push({ key: 2, ts: 10_000_000 + ms, value: null, quality: Quality.BadSensorFailure });
    rows.sort((a, b) => a.ts - b.ts || a.key - b.key);
    const { source, windows } = memorySource(rows);
    const out = sink();
    const tags = [
      { key: 1, id: 'a/b/flow' },
      { key: 2, id: 'a,b/c' },
    ];
    const result = await streamCsv(source, { tags, from: 0, to: 1e9 }, out.stream);
    const lines = out.lines().slice(1);
    expect(result).toEqual({ rows: rows.length, complete: true });
    expect(lines).toHaveLength(rows.length);
    expect(lines[0]).toBe('1970-01-01T00:00:00.000Z,a/b/flow,0,Good,0');
    expect(lines.find((line) => line.includes('"a,b/c"'))).toBe(
      '1970-01-01T02:46:40.000Z,"a,b/c",,BadSensorFailure,2156658688',
    );
    const times = lines.map((line) => Date.parse(line.slice(0, 24)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Windows shrink where data is dense, so no single window holds much more than a page.
    expect(
      Math.max(...windows.map((w) => rows.filter((r) => r.ts >= w.from && r.ts <= w.to).length)),
    ).toBeLessThan(100_000);
  });

  it('reports progress in time order up to the end of the range', async () => {
    const { source } = memorySource(secondly(100_000));
    const seen: number[] = [];
    await streamCsv(source, { tags: [{ key: 1, id: 'a/b/c' }], from: 0, to: 99_999_999 }, sink().stream, {
      onProgress: ({ through }) => seen.push(through),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(99_999_999);
  });

  it('stops reading the historian once cancelled, and says the export is incomplete', async () => {
    const cancel = new AbortController();
    const { source, windows } = memorySource(secondly(100_000), () => {
      if (windows.length === 2) cancel.abort();
    });
    const out = sink();
    const result = await streamCsv(
      source,
      { tags: [{ key: 1, id: 'a/b/c' }], from: 0, to: 99_999_999 },
      out.stream,
      {
        signal: cancel.signal,
      },
    );
    expect(result.complete).toBe(false);
    expect(windows).toHaveLength(2);
    expect(out.lines().length - 1).toBe(result.rows);
  });

  it('reads on past an empty stretch and misses nothing after it, in windows that touch end to end', async () => {
    const day = 86_400_000;
    // Ten samples, forty days of nothing, then a dense hour, a sample at the very end of the range.
    const rows = secondly(10);
    for (let ms = 0; ms < 3_600_000; ms += 100)
      rows.push({ key: 1, ts: 40 * day + ms, value: ms, quality: 0 });
    const to = 41 * day;
    rows.push({ key: 1, ts: to, value: -1, quality: 0 });
    const { source, windows } = memorySource(rows);
    const out = sink();
    const result = await streamCsv(source, { tags: [{ key: 1, id: 'a/b/c' }], from: 0, to }, out.stream);
    expect(result).toEqual({ rows: rows.length, complete: true });
    expect(
      out
        .lines()
        .slice(1)
        .map((line) => Date.parse(line.slice(0, 24))),
    ).toEqual(rows.map((r) => r.ts));
    expect(windows[0]!.from).toBe(0);
    expect(windows.at(-1)!.to).toBe(to);
    windows.slice(1).forEach((w, i) => expect(w.from).toBe(windows[i]!.to + 1));
  });

  it('fails instead of reporting a complete export when a window cannot be read', async () => {
    const { source: memory, windows } = memorySource(secondly(100_000));
    const source: CsvExportSource = {
      ...memory,
      exportCsvRows: (query) =>
        windows.length === 2
          ? Promise.reject(new Error('TIMEOUT: historian.worker.exportCsvRows'))
          : memory.exportCsvRows(query),
    };
    const progress: number[] = [];
    await expect(
      streamCsv(source, { tags: [{ key: 1, id: 'a/b/c' }], from: 0, to: 99_999_999 }, sink().stream, {
        onProgress: ({ rows }) => progress.push(rows),
      }),
    ).rejects.toThrow(/TIMEOUT/);
    expect(windows).toHaveLength(2);
    expect(progress).toHaveLength(2);
  });

  it('stops when the destination closes while waiting for it to drain, instead of waiting forever', async () => {
    const { source, windows } = memorySource(secondly(100_000));
    // Takes one chunk and never acknowledges it, like a client that stopped reading and then left.
    const stuck = new Writable({ highWaterMark: 1, write: () => setTimeout(() => stuck.destroy(), 10) });
    const result = await streamCsv(
      source,
      { tags: [{ key: 1, id: 'a/b/c' }], from: 0, to: 99_999_999 },
      stuck,
    );
    expect(result.complete).toBe(false);
    expect(windows.length).toBeLessThanOrEqual(1);
  });
});

describe('the CSV export at a resolution, on a real historian', () => {
  const dir = makeTempDir();
  const historian = new Historian({
    path: `${dir.path}/historian.db`,
    log: createMemoryLogger(),
    retention: KEEP_EVERYTHING,
  });
  const DAY = 86_400_000;
  const tags = [
    { key: 1, id: 'line1/pump1/flow' },
    { key: 2, id: 'line1/pump1/temp' },
  ];

  beforeAll(async () => {
    await historian.start();
    historian.upsertTags(tags.map((tag) => storedTag(tag.key, tag.id)));
    const rows: Array<[number, number, number | null, number]> = [];
    // Flow every 7 s, bad for an hour; temperature every 60 s, silent for the last six hours.
    for (let ts = 0; ts < DAY; ts += 7_000)
      rows.push(
        ts >= 3 * 3_600_000 && ts < 4 * 3_600_000
          ? [1, ts, null, Quality.BadSensorFailure]
          : [1, ts, (ts / 7_000) % 50, 0],
      );
    for (let ts = 0; ts < DAY - 6 * 3_600_000; ts += 60_000) rows.push([2, ts, 20 + ((ts / 60_000) % 7), 0]);
    await appendBatches(historian, [batchOf(rows.sort((a, b) => a[1] - b[1]))]);
  });
  afterAll(async () => {
    await historian.stop();
    dir.remove();
  });

  it('writes one row per interval per tag, in time order, exactly as one query over the whole range', async () => {
    const plan = {
      tags,
      from: 1_000,
      to: DAY - 1,
      resolution: 2_000,
      aggregates: ['avg', 'twa', 'min', 'max', 'last', 'count', 'pctGood'] as const,
    };
    const out = sink();
    let calls = 0;
    const counted: CsvExportSource = {
      exportCsvRows: (query) => historian.exportCsvRows(query),
      aggregates: (query) => (calls++, historian.aggregates(query)),
    };
    const result = await streamCsv(counted, { ...plan, aggregates: [...plan.aggregates] }, out.stream);
    // Several windows per tag, so their seams are part of what is compared.
    expect(calls / tags.length).toBeGreaterThan(3);
    const intervals = Math.ceil((plan.to - plan.from + 1) / plan.resolution);
    expect(result).toEqual({ rows: intervals * tags.length, complete: true });
    const [header, ...lines] = out.lines();
    expect(header).toBe('timestamp,tag,avg,twa,min,max,last,count,pctGood,quality,quality_code');
    expect(lines).toHaveLength(result.rows);
    const whole = await Promise.all(
      tags.map((tag) =>
        historian.aggregates({
          ...plan,
          key: tag.key,
          tag: tag.id,
          interval: plan.resolution,
          aggregates: [...plan.aggregates],
        }),
      ),
    );
    const cell = (value: number | null | undefined) =>
      value === null || value === undefined ? '' : String(value);
    lines.forEach((line, row) => {
      const i = Math.floor(row / tags.length);
      const series = whole[row % tags.length]!;
      const cells = line.split(',');
      expect(Date.parse(cells[0]!)).toBe(series.start[i]);
      expect(cells[1]).toBe(series.tag);
      expect(cells.slice(2, 9)).toEqual(plan.aggregates.map((a) => cell(series.values[a]?.[i])));
    });
  });

  it('writes the default columns and leaves quality empty where nothing was known', async () => {
    const out = sink();
    await streamCsv(
      historian,
      { tags: [tags[1]!], from: 0, to: 2 * DAY - 1, resolution: 3_600_000 },
      out.stream,
    );
    const [header, ...lines] = out.lines();
    expect(header).toBe('timestamp,tag,avg,min,max,last,count,pctGood,quality,quality_code');
    expect(lines).toHaveLength(48);
    expect(lines[0]).toMatch(/^1970-01-01T00:00:00\.000Z,line1\/pump1\/temp,[\d.]+,20,26,\d+,60,100,Good,0$/);
    // After its last sample the value still holds (pctGood known) but no sample arrives.
    expect(lines[20]).toMatch(/^1970-01-01T20:00:00\.000Z,line1\/pump1\/temp,,,,,0,100,Good,0$/);
  });

  it('marks bad intervals with their worst quality', async () => {
    const out = sink();
    await streamCsv(
      historian,
      { tags: [tags[0]!], from: 0, to: DAY - 1, resolution: 3_600_000, aggregates: ['count', 'pctGood'] },
      out.stream,
    );
    // The good value before 03:00:01 held for one second of the hour: 1 s of 3,600 was good.
    expect(out.lines()[4]).toBe(
      `1970-01-01T03:00:00.000Z,line1/pump1/flow,515,${100 / 3600},BadSensorFailure,${Quality.BadSensorFailure}`,
    );
  });
});
