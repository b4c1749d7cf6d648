import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { Quality } from '../../../../shared/quality.js';
import { KEEP_EVERYTHING } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

describe('the historian facade and its worker thread', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('commits appended samples through the worker and answers queries', async () => {
    const log = createMemoryLogger();
    const historian = new Historian({ path: `${dir.path}/historian.db`, log, retention: KEEP_EVERYTHING });
    await historian.start();
    historian.upsertTags([
      {
        key: 1,
        id: 'a/b/c',
        device: 'a/b',
        name: 'c',
        description: '',
        unit: '',
        dataType: 'number',
        engLow: null,
        engHigh: null,
      },
    ]);
    for (let i = 0; i < 50_000; i++) historian.append(1, i, i % 100, Quality.Good);
    await historian.flush();
    expect(historian.stats()).toMatchObject({ state: 'ok', samplesWritten: 50_000, backlog: 0 });
    const result = await historian.queryRange({ key: 1, tag: 'a/b/c', from: 0, to: 49_999, maxPoints: 2000 });
    expect(result.mode).toBe('m4');
    expect(Math.max(...result.points.value.map((v) => v ?? 0))).toBe(99);
    await historian.stop();
    expect(historian.stats().state).toBe('stopped');
  });

  it('writes, on flush, what arrived while another write was in flight', async () => {
    const historian = new Historian({ path: `${dir.path}/historian.db`, log: createMemoryLogger() });
    await historian.start();
    for (let i = 0; i < 1_000; i++) historian.append(1, i, 1, Quality.Good);
    const first = historian.flush(); // in flight: the next samples arrive meanwhile
    for (let i = 1_000; i < 1_500; i++) historian.append(1, i, 2, Quality.Good);
    await historian.flush();
    await first;
    const result = await historian.queryRange({
      key: 1,
      tag: 'a/b/c',
      from: 0,
      to: 1_499,
      maxPoints: 10_000,
    });
    expect(result.points.ts).toHaveLength(1_500);
    expect(historian.stats()).toMatchObject({ samplesWritten: 1_500, backlog: 0 });
    await historian.stop();
  });

  it('refuses samples without a valid time and stores infinite values as bad, keeping rollups finite', async () => {
    const log = createMemoryLogger();
    const historian = new Historian({ path: `${dir.path}/historian.db`, log, retention: KEEP_EVERYTHING });
    await historian.start();
    historian.upsertTags([
      {
        key: 1,
        id: 'a/b/c',
        device: 'a/b',
        name: 'c',
        description: '',
        unit: '',
        dataType: 'number',
        engLow: null,
        engHigh: null,
      },
    ]);
    for (let s = 0; s < 120; s++) historian.append(1, s * 1000, 10, Quality.Good);
    historian.append(1, 30_500, Infinity, Quality.Good);
    historian.append(1, NaN, 1, Quality.Good);
    historian.append(1, -5, 1, Quality.Good);
    historian.append(1, 1e20, 1, Quality.Good);
    historian.append(1, 40_000.5, 1, Quality.Good);
    await historian.flush();
    const raw = await historian.queryRange({
      key: 1,
      tag: 'a/b/c',
      from: 0,
      to: 200_000,
      maxPoints: 100_000,
    });
    expect(raw.points.ts).toHaveLength(121);
    const infinite = raw.points.ts.indexOf(30_500);
    expect([raw.points.value[infinite], raw.points.quality[infinite]]).toEqual([null, Quality.BadOutOfRange]);
    const perMinute = await historian.aggregates({
      key: 1,
      tag: 'a/b/c',
      from: 0,
      to: 119_999,
      interval: 60_000,
      aggregates: ['max', 'count', 'avg'],
    });
    expect(perMinute.values).toEqual({ max: [10, 10], count: [61, 60], avg: [10, 10] });
    expect(
      log.lines.some((l) => /refused 4 samples without a valid time and stored 1 infinite/.test(l)),
    ).toBe(true);
    await historian.stop();
  });

  it('keeps a damaged database file aside and starts a fresh one', async () => {
    writeFileSync(
      `${dir.path}/historian.db`,
      'this is not a database, it is a disk that went wrong'.repeat(100),
    );
    const log = createMemoryLogger();
    const historian = new Historian({ path: `${dir.path}/historian.db`, log });
    await historian.start();
    historian.append(1, 1, 1, Quality.Good);
    await historian.flush();
    expect(historian.stats()).toMatchObject({ state: 'ok', samplesWritten: 1 });
    await historian.stop();
    expect(readdirSync(dir.path).some((f) => f.startsWith('historian.db.corrupt-'))).toBe(true);
    expect(log.lines.some((l) => /historian file .* is damaged/.test(l))).toBe(true);
  });

  it('holds samples in memory when the disk is full, says so once, and keeps running', async () => {
    const log = createMemoryLogger();
    // A 64 KiB cap makes SQLite fail with SQLITE_FULL exactly as a full disk does.
    const historian = new Historian({ path: `${dir.path}/historian.db`, log, maxBytes: 64 * 1024 });
    await historian.start();
    for (let i = 0; i < 20_000; i++) historian.append(1, i, i, Quality.Good);
    await historian.flush();
    expect(historian.stats()).toMatchObject({ state: 'error', samplesWritten: 0, backlog: 20_000 });
    expect(historian.stats().lastError).toMatch(/20000 samples held in memory: .*full/);
    const query = await historian.queryRange({ key: 1, tag: 'a/b/c', from: 0, to: 1e6, maxPoints: 100 });
    expect(query.points.ts).toEqual([]);
    expect(log.lines.filter((line) => line.includes('samples held in memory'))).toHaveLength(1);
    await historian.stop();
  });
});
