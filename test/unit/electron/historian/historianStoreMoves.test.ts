import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistorianStore } from '../../../../electron/historian/historianStore.js';
import type { SampleColumns } from '../../../../electron/historian/types.js';
import { storedTag } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const HOUR = 3_600_000;
const KEYS = [1, 2];
const PER_TAG = 3_000;
/** Recent enough for the default retention to keep it: the sweep between steps must drop nothing. */
const BASE = Math.floor((Date.now() - 10 * 86_400_000) / HOUR) * HOUR;
const SPIKE = 1_000;

type Row = [key: number, ts: number, value: number];

function columns(rows: readonly Row[]): SampleColumns {
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows, (r) => r[0]),
    ts: Float64Array.from(rows, (r) => r[1]),
    values: Float64Array.from(rows, (r) => r[2]),
    qualities: new Uint32Array(rows.length),
  };
}

/**
 * The worker moves samples tail → warm rows → sealed chunks in steps between calls (a merge
 * every 5 s, sealing in 20 ms slices after each batch, the warm-up, retention passes). Every
 * read path is checked after every step: each committed sample must be seen exactly once.
 */
describe('the historian store while samples move between tail, warm rows and chunks', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistorianStore;
  const stored = new Map<number, Map<number, number>>(KEYS.map((key) => [key, new Map()]));
  beforeEach(() => {
    dir = makeTempDir();
    store = new HistorianStore(new Database(`${dir.path}/historian.db`));
    store.upsertTags([storedTag(1, 'line1/pump1/flow'), storedTag(2, 'line1/pump1/temp')]);
    for (const rows of stored.values()) rows.clear();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  function append(rows: readonly Row[]): void {
    store.append(columns(rows));
    for (const [key, ts, value] of rows) stored.get(key)!.set(ts, value);
  }

  function expectEverySampleOnce(step: string): void {
    const to = BASE + 2 * HOUR - 1;
    const expected = KEYS.map((key) => [...stored.get(key)!].sort((a, b) => a[0] - b[0]));
    const page = store.exportPage({ keys: KEYS, from: BASE, to });
    const total = expected.reduce((sum, rows) => sum + rows.length, 0);
    expect(page.count, `export after ${step}`).toBe(total);
    KEYS.forEach((key, k) => {
      const rows = expected[k]!;
      const exported = Array.from(page.ts).filter((_, i) => page.tagKeys[i] === key);
      expect(exported, `export of ${key} after ${step}`).toEqual(rows.map(([ts]) => ts));
      const raw = store.queryRange({ key, tag: 'x', from: BASE, to, maxPoints: 100_000 });
      expect(raw.points.ts, `trend of ${key} after ${step}`).toEqual(rows.map(([ts]) => ts));
      expect(raw.points.value, `trend values of ${key} after ${step}`).toEqual(rows.map(([, v]) => v));
      const m4 = store.queryRange({ key, tag: 'x', from: BASE, to, maxPoints: 200 });
      expect(m4.mode).toBe('m4');
      const max = Math.max(...rows.map(([, v]) => v));
      expect(Math.max(...m4.points.value.map((v) => v ?? -Infinity)), `M4 of ${key} after ${step}`).toBe(max);
      const hourly = store.aggregates({
        key,
        tag: 'x',
        from: BASE,
        to,
        interval: HOUR,
        aggregates: ['count', 'max'],
      });
      const inHour = (h: number) =>
        rows.filter(([ts]) => ts >= BASE + h * HOUR && ts < BASE + (h + 1) * HOUR);
      expect(hourly.values.count, `aggregates of ${key} after ${step}`).toEqual([
        inHour(0).length,
        inHour(1).length,
      ]);
      expect(store.valueAt(key, to)?.ts, `value at of ${key} after ${step}`).toBe(rows.at(-1)?.[0]);
    });
  }

  it('every read sees each committed sample exactly once after every step of every move', () => {
    let step = 0;
    for (let from = 0; from < PER_TAG; from += 500) {
      const rows: Row[] = [];
      for (let s = from; s < from + 500; s++)
        for (const key of KEYS) rows.push([key, BASE + s * 1000, s === 2_222 ? SPIKE : s % 50]);
      append(rows);
      expectEverySampleOnce(`append ${++step}`);
      if (step % 2 === 0) {
        store.mergeTail();
        expectEverySampleOnce(`merge ${step}`);
      }
      store.seal({ budgetMs: 1 });
      expectEverySampleOnce(`sealing slice ${step}`);
    }
    // Late data into sealed chunks, and a redelivery with a new value.
    append([
      [1, BASE + 10_500, 7],
      [2, BASE + 20_000, 42],
    ]);
    expectEverySampleOnce('late data');
    store.warmUp(100, BASE + 2 * HOUR);
    expectEverySampleOnce('warm-up');
    store.sweepRetention(Date.now());
    expectEverySampleOnce('retention pass');
    store.mergeTail();
    while (store.seal({ budgetMs: 1 }) > 0) expectEverySampleOnce('sealing slice');
    expectEverySampleOnce('sealed');
    store.sealAll();
    expectEverySampleOnce('sealed all');
  });
});
