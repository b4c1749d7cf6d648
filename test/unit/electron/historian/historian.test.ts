import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { Quality } from '../../../../shared/quality.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

describe('the historian facade and its worker thread', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('commits appended samples through the worker and answers queries', async () => {
    const log = createMemoryLogger();
    const historian = new Historian({ path: `${dir.path}/historian.db`, log });
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
