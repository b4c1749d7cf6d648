import { describe, expect, it } from 'vitest';
import {
  createSampleFilter,
  type SampleFilter,
} from '../../../../../electron/historian/compression/sampleFilter.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import { Quality } from '../../../../../shared/quality.js';
import {
  StorageCompressionSchema,
  type StorageCompression,
} from '../../../../../shared/storageCompression.js';
import { processSignal, ROUGH } from './processSignals.js';

const good = (ts: number, value: number): SampleRow => [ts, value, Quality.Good];

/** Everything the filter archives for these rows, the final flush included. */
function archiveAll(filter: SampleFilter, rows: SampleRow[]): SampleRow[] {
  return [...rows.flatMap((row) => filter.offer(row)), ...filter.flush()];
}

describe.each(['deadband', 'swingingDoor'] as const)('%s archive filter', (mode) => {
  const filter = (maxIntervalMs?: number) => createSampleFilter({ mode, deviation: 1, maxIntervalMs });

  it('archives the first sample at once and holds a steady one as the snapshot', () => {
    const f = filter();
    expect(f.offer(good(0, 5))).toEqual([good(0, 5)]);
    expect(f.pending()).toBeNull();
    expect(f.offer(good(1, 5))).toEqual([]);
    expect(f.pending()).toEqual(good(1, 5));
    expect(f.flush()).toEqual([good(1, 5)]);
    expect(f.pending()).toBeNull();
    expect(f.flush()).toEqual([]);
  });

  it('archives the last good sample and the bad one when a tag fails, and the first good after', () => {
    const rows: SampleRow[] = [
      good(0, 5),
      good(1, 5),
      good(2, 5),
      [3, null, Quality.BadNoCommunication],
      [4, null, Quality.BadNoCommunication],
      good(5, 5),
      good(6, 5),
    ];
    const f = filter();
    expect(rows.map((row) => f.offer(row))).toEqual([
      [good(0, 5)],
      [],
      [],
      [good(2, 5), rows[3]],
      [rows[4]],
      [good(5, 5)],
      [],
    ]);
  });

  it('never drops an uncertain sample, even when its value does not change', () => {
    const rows: SampleRow[] = [0, 1, 2, 3].map((ts) => [ts, 7, Quality.UncertainLastUsableValue]);
    expect(archiveAll(filter(), rows)).toEqual(rows);
  });

  it('archives both sides of a change between two good qualities', () => {
    const overridden: SampleRow = [3, 5, Quality.GoodLocalOverride];
    const rows = [
      good(0, 5),
      good(1, 5),
      good(2, 5),
      overridden,
      [4, 5, Quality.GoodLocalOverride] as SampleRow,
    ];
    expect(archiveAll(filter(), rows)).toEqual([good(0, 5), good(2, 5), overridden, rows[4]]);
  });

  it('archives at least every maxIntervalMs while a steady value keeps arriving', () => {
    const rows = Array.from({ length: 13 }, (_, ts) => good(ts * 1_000, 5));
    const archivedTs = archiveAll(filter(5_000), rows).map(([ts]) => ts);
    expect(archivedTs).toEqual([0, 5_000, 10_000, 12_000]);
  });

  it('archives a sample that arrives after a silence longer than maxIntervalMs', () => {
    const f = filter(5_000);
    f.offer(good(0, 5));
    expect(f.offer(good(60_000, 5))).toEqual([good(60_000, 5)]);
  });

  it('passes late samples straight through without disturbing the held snapshot', () => {
    const f = filter();
    f.offer(good(10, 5));
    f.offer(good(20, 5));
    expect(f.offer(good(15, 99))).toEqual([good(15, 99)]);
    expect(f.offer(good(5, 5))).toEqual([good(5, 5)]);
    expect(f.pending()).toEqual(good(20, 5));
    expect(f.offer(good(30, 5))).toEqual([]);
  });

  it('archives a redelivery of the newest timestamp at once, replacing the held snapshot', () => {
    const f = filter();
    f.offer(good(10, 5));
    f.offer(good(20, 5));
    expect(f.offer(good(20, 5.5))).toEqual([good(20, 5.5)]);
    expect(f.pending()).toBeNull();
    expect(f.flush()).toEqual([]);
  });

  it('archives a value that is not finite untouched instead of computing with it', () => {
    const rows = [good(0, 5), good(1, 5), good(2, NaN), good(3, Infinity), good(4, 5), good(5, 5)];
    const archived = archiveAll(filter(), rows);
    expect(archived).toEqual([
      good(0, 5),
      good(1, 5),
      good(2, NaN),
      good(3, Infinity),
      good(4, 5),
      good(5, 5),
    ]);
  });

  it('passes a row without a usable timestamp through and carries on', () => {
    const f = filter();
    f.offer(good(0, 5));
    expect(f.offer(good(NaN, 5))).toEqual([good(NaN, 5)]);
    expect(f.offer(good(1, 5))).toEqual([]);
  });
});

describe('lossless settings', () => {
  const rows = processSignal(3, { samples: 2_000, ...ROUGH });
  const late = [rows[10]!, rows[500]!];
  const settings: StorageCompression[] = [
    { mode: 'none' },
    { mode: 'deadband', deviation: 0 },
    { mode: 'swingingDoor', deviation: 0 },
  ];

  it.each(settings)('archive every sample as offered, late ones included (%o)', (setting) => {
    const filter = createSampleFilter(setting);
    const offered = [...rows, ...late];
    expect(archiveAll(filter, offered)).toEqual(offered);
    expect(filter.pending()).toBeNull();
  });
});

describe('the storage compression setting', () => {
  it('accepts no compression, or a mode with a positive deviation and an optional interval', () => {
    expect(StorageCompressionSchema.parse({ mode: 'none' })).toEqual({ mode: 'none' });
    expect(StorageCompressionSchema.parse({ mode: 'swingingDoor', deviation: 0.5 })).toEqual({
      mode: 'swingingDoor',
      deviation: 0.5,
    });
    expect(StorageCompressionSchema.parse({ mode: 'deadband', deviation: 2, maxIntervalMs: 60_000 })).toEqual(
      { mode: 'deadband', deviation: 2, maxIntervalMs: 60_000 },
    );
  });

  it.each([
    { mode: 'deadband' },
    { mode: 'deadband', deviation: 0 },
    { mode: 'swingingDoor', deviation: -1 },
    { mode: 'swingingDoor', deviation: Infinity },
    { mode: 'swingingDoor', deviation: 1, maxIntervalMs: 0 },
    { mode: 'swingingDoor', deviation: 1, maxIntervalMs: 1.5 },
    { mode: 'boxcar', deviation: 1 },
  ])('rejects %o with a message naming the field', (setting) => {
    const result = StorageCompressionSchema.safeParse(setting);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.length).toBeGreaterThan(0);
  });
});
