import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistorianStore } from '../../../../electron/historian/historianStore.js';
import { M4Accumulator } from '../../../../electron/historian/m4.js';
import { historianMigrations, migrate } from '../../../../electron/historian/migrations/index.js';
import type { SampleColumns, StoredTag } from '../../../../electron/historian/types.js';
import { Quality } from '../../../../shared/quality.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const tag = (key: number, id: string): StoredTag => ({
  key,
  id,
  device: 'line1/pump3',
  name: id.split('/').at(-1)!,
  description: '',
  unit: 'mm/s',
  dataType: 'number',
  engLow: 0,
  engHigh: 25,
});

function columns(rows: [number, number, number | null, number][]): SampleColumns {
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows.map((r) => r[0])),
    ts: Float64Array.from(rows.map((r) => r[1])),
    values: Float64Array.from(rows.map((r) => r[2] ?? NaN)),
    qualities: Uint32Array.from(rows.map((r) => r[3])),
  };
}

describe('the historian store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistorianStore;
  beforeEach(() => {
    dir = makeTempDir();
    store = new HistorianStore(new Database(`${dir.path}/historian.db`));
    store.upsertTags([tag(1, 'line1/pump3/vibration'), tag(2, 'line1/pump3/flow')]);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('keeps tag definitions across reopening', () => {
    store.close();
    store = new HistorianStore(new Database(`${dir.path}/historian.db`));
    expect(store.loadTags().map((t) => t.id)).toEqual(['line1/pump3/vibration', 'line1/pump3/flow']);
  });

  it('returns raw samples in time order, bad ones as gaps', () => {
    store.append(
      columns([
        [1, 30, 3, 0],
        [1, 10, 1, 0],
        [1, 20, 99, Quality.BadSensorFailure],
        [2, 15, 7, 0],
      ]),
    );
    expect(store.queryRange({ key: 1, tag: 'x', from: 0, to: 100, maxPoints: 100 })).toEqual({
      tag: 'x',
      from: 0,
      to: 100,
      mode: 'raw',
      points: { ts: [10, 20, 30], value: [1, null, 3], quality: [0, Quality.BadSensorFailure, 0] },
    });
  });

  it('leads a range with the value that held into it, so a run state that did not change still draws', () => {
    store.append(
      columns([
        [1, 10, 1, 0],
        [1, 500, 0, 0],
      ]),
    );
    expect(store.queryRange({ key: 1, tag: 'x', from: 100, to: 200, maxPoints: 100 }).points).toEqual({
      ts: [10],
      value: [1],
      quality: [0],
    });
    expect(store.queryRange({ key: 1, tag: 'x', from: 100, to: 600, maxPoints: 100 }).points.ts).toEqual([
      10, 500,
    ]);
    expect(store.queryRange({ key: 1, tag: 'x', from: 0, to: 5, maxPoints: 100 }).points.ts).toEqual([]);
  });

  it('stores a redelivered sample once', () => {
    store.append(columns([[1, 10, 1, 0]]));
    store.append(columns([[1, 10, 1, 0]]));
    expect(store.queryRange({ key: 1, tag: 'x', from: 0, to: 100, maxPoints: 100 }).points.ts).toEqual([10]);
  });

  it('switches to M4 buckets when the range holds more than maxPoints samples', () => {
    const rows: [number, number, number, number][] = [];
    for (let t = 0; t < 10_000; t++) rows.push([1, t, Math.sin(t / 100) + (t === 5_000 ? 10 : 0), 0]);
    store.append(columns(rows));
    const result = store.queryRange({ key: 1, tag: 'x', from: 0, to: 9_999, maxPoints: 400 });
    expect(result.mode).toBe('m4');
    expect(result.points.ts.length).toBeLessThanOrEqual(400);
    expect(Math.max(...result.points.value.map((v) => v ?? -Infinity))).toBeCloseTo(10 + Math.sin(50), 6);
  });

  it('exports a time window of several tags merged in time order', () => {
    store.append(
      columns([
        [1, 30, 3, 0],
        [2, 10, 7, 0],
        [1, 10, 1, 0],
        [2, 30, 9, 0],
        [1, 50, 5, 0],
      ]),
    );
    const page = store.exportPage({ keys: [1, 2], from: 10, to: 30 });
    expect(Array.from(page.ts, (ts, i) => `${ts}:${page.tagKeys[i]}`)).toEqual([
      '10:1',
      '10:2',
      '30:1',
      '30:2',
    ]);
  });

  it('answers the value at a time from the main table or the tail', () => {
    store.append(
      columns([
        [1, 10, 1, 0],
        [1, 30, 3, Quality.UncertainLastUsableValue],
      ]),
    );
    store.mergeTail();
    store.append(columns([[1, 40, 4, 0]]));
    expect(store.valueAt(1, 5)).toBeNull();
    expect(store.valueAt(1, 29)).toEqual({ key: 1, ts: 10, value: 1, quality: 0 });
    expect(store.valueAt(1, 35)).toEqual({
      key: 1,
      ts: 30,
      value: 3,
      quality: Quality.UncertainLastUsableValue,
    });
    expect(store.valueAt(1, 1_000)).toEqual({ key: 1, ts: 40, value: 4, quality: 0 });
  });

  it('aggregates over the main table and the tail, carrying in the value before the range', () => {
    store.append(
      columns([
        [1, 0, 10, 0],
        [1, 100, 20, 0],
      ]),
    );
    store.mergeTail();
    store.append(columns([[1, 150, 40, 0]]));
    const series = store.aggregates({
      key: 1,
      tag: 'x',
      from: 50,
      to: 249,
      interval: 100,
      aggregates: ['twa', 'avg', 'count'],
    });
    expect(series.start).toEqual([50, 150]);
    // [50,100) holds 10, [100,150) holds 20 → 15; [150,250) holds 40.
    expect(series.values).toEqual({ twa: [15, 40], avg: [20, 40], count: [1, 1] });
  });

  it('remembers the newest sample of each tag', () => {
    store.append(
      columns([
        [1, 10, 1, 0],
        [1, 30, 3, 0],
        [2, 20, null, Quality.Bad],
      ]),
    );
    expect(store.lastValues()).toEqual([
      { key: 1, ts: 30, value: 3, quality: 0 },
      { key: 2, ts: 20, value: null, quality: Quality.Bad },
    ]);
  });
});

describe('the hot tail', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());
  const query = (store: HistorianStore) =>
    store.queryRange({ key: 1, tag: 'x', from: 0, to: 100, maxPoints: 100 }).points;

  it('answers queries with samples not yet merged, the newest delivery winning', () => {
    const store = new HistorianStore(new Database(`${dir.path}/h.db`));
    store.upsertTags([tag(1, 'line1/pump3/vibration')]);
    store.append(
      columns([
        [1, 10, 1, 0],
        [1, 30, 3, 0],
      ]),
    );
    store.mergeTail();
    store.append(
      columns([
        [1, 20, 2, 0],
        [1, 30, 33, 0],
        [1, 30, 34, 0],
        [1, 40, 4, 0],
      ]),
    );
    expect(query(store)).toEqual({ ts: [10, 20, 30, 40], value: [1, 2, 34, 4], quality: [0, 0, 0, 0] });
    expect(store.lastValues()).toEqual([{ key: 1, ts: 40, value: 4, quality: 0 }]);
    store.mergeTail();
    expect(query(store)).toEqual({ ts: [10, 20, 30, 40], value: [1, 2, 34, 4], quality: [0, 0, 0, 0] });
    store.close();
  });

  it('moves rows left in the tail by a crash into the main table on open', () => {
    const db = new Database(`${dir.path}/h.db`);
    new HistorianStore(db).append(columns([[1, 10, 1, 0]]));
    db.close(); // no merge, as if the process had been killed
    const reopened = new Database(`${dir.path}/h.db`);
    const store = new HistorianStore(reopened);
    expect(reopened.prepare('SELECT COUNT(*) FROM sample_tail_batches').pluck().get()).toBe(0);
    expect(query(store).ts).toEqual([10]);
    store.close();
  });
});

describe('sealed chunks', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistorianStore;
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir();
    db = new Database(`${dir.path}/h.db`);
    store = new HistorianStore(db);
    store.upsertTags([tag(1, 'line1/pump3/vibration')]);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  /** A day at 1 Hz with a one-second spike and a bad minute, sealed into chunks. */
  function sealedDay(): [number, number, number | null, number][] {
    const rows: [number, number, number | null, number][] = [];
    for (let s = 0; s < 86_400; s++) {
      const bad = s >= 40_000 && s < 40_060;
      rows.push([
        1,
        s * 1000,
        bad ? null : s === 50_000 ? 99 : Math.round(Math.sin(s / 600) * 100) / 100 || 0,
        bad ? Quality.Bad : 0,
      ]);
    }
    store.append(columns(rows));
    store.mergeTail();
    store.seal({ all: true, budgetMs: 60_000 });
    return rows;
  }

  it('moves warm rows into compressed chunks and reads them back unchanged', () => {
    const rows = sealedDay();
    expect(db.prepare('SELECT COUNT(*) FROM samples').pluck().get()).toBe(0);
    expect(db.prepare('SELECT SUM(count) FROM chunks').pluck().get()).toBe(86_400);
    const result = store.queryRange({ key: 1, tag: 'x', from: 0, to: 86_400_000, maxPoints: 100_000 });
    expect(result.mode).toBe('raw');
    expect(result.points.ts).toEqual(rows.map((r) => r[1]));
    expect(result.points.value).toEqual(rows.map((r) => r[2]));
    expect(store.valueAt(1, 50_000_500)).toEqual({ key: 1, ts: 50_000_000, value: 99, quality: 0 });
  });

  it('draws a long span from chunk summaries exactly as M4 over every sample would', () => {
    sealedDay();
    const fromSummaries = store.queryRange({ key: 1, tag: 'x', from: 0, to: 86_399_999, maxPoints: 400 });
    const m4 = new M4Accumulator(0, 86_399_999, 100);
    const raw = store.queryRange({ key: 1, tag: 'x', from: 0, to: 86_399_999, maxPoints: 100_000 }).points;
    raw.ts.forEach((ts, i) => m4.add(ts, raw.value[i]!, raw.quality[i]!));
    const exact = m4.finish();
    expect(fromSummaries.mode).toBe('m4');
    expect(Math.max(...fromSummaries.points.value.map((v) => v ?? -Infinity))).toBe(99);
    const extremes = (s: { value: (number | null)[] }) => [
      Math.min(...s.value.map((v) => v ?? Infinity)),
      s.value.includes(null),
    ];
    expect(extremes(fromSummaries.points)).toEqual(extremes(exact));
    expect(fromSummaries.points.ts.length).toBeLessThanOrEqual(400);
  });

  it('compacts runs of small chunks into larger ones, leaving no gaps or overlaps', () => {
    sealedDay();
    const chunks = db
      .prepare('SELECT start_ts, end_ts, count FROM chunks ORDER BY start_ts')
      .raw()
      .all() as number[][];
    expect(chunks.length).toBeLessThan(86_400 / 2048);
    expect(chunks.reduce((sum, c) => sum + c[2]!, 0)).toBe(86_400);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]![0]).toBeGreaterThan(chunks[i - 1]![1]!);
    expect(db.prepare('SELECT COUNT(*) FROM chunk_data').pluck().get()).toBe(chunks.length);
  });

  it('keeps every spike and gap at spans where columns are narrower than a compacted chunk', () => {
    sealedDay();
    // 4,000 columns over 12 h: 10.8 s per column, narrower than any chunk, wider than no block.
    for (const [from, to, maxPoints] of [
      [43_200_000, 86_399_999, 16_000],
      [0, 86_399_999, 1_200],
    ] as const) {
      const result = store.queryRange({ key: 1, tag: 'x', from, to, maxPoints });
      expect(result.mode).toBe('m4');
      expect(Math.max(...result.points.value.map((v) => v ?? -Infinity))).toBe(99);
    }
    const morning = store.queryRange({ key: 1, tag: 'x', from: 36_000_000, to: 43_199_999, maxPoints: 400 });
    expect(morning.points.value).toContain(null); // the bad minute at 40,000 s
  });

  it('merges late data into the sealed chunk it belongs to', () => {
    sealedDay();
    store.append(
      columns([
        [1, 50_000_000, 7, 0],
        [1, 50_000_500, 8, 0],
      ]),
    );
    store.mergeTail();
    // Before sealing, the late rows already win over the sealed ones.
    expect(store.valueAt(1, 50_000_000)).toMatchObject({ value: 7 });
    store.seal({ all: true });
    expect(store.valueAt(1, 50_000_000)).toMatchObject({ value: 7 });
    expect(store.valueAt(1, 50_000_600)).toMatchObject({ ts: 50_000_500, value: 8 });
    expect(db.prepare('SELECT SUM(count) FROM chunks').pluck().get()).toBe(86_401);
    const overlaps = db
      .prepare(
        'SELECT COUNT(*) FROM chunks a JOIN chunks b ON a.tag_key = b.tag_key AND a.start_ts < b.start_ts AND a.end_ts >= b.start_ts',
      )
      .pluck()
      .get();
    expect(overlaps).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM chunk_data').pluck().get()).toBe(
      db.prepare('SELECT COUNT(*) FROM chunks').pluck().get(),
    );
  });

  it('exports and aggregates across chunks, warm rows and the tail', () => {
    sealedDay();
    store.append(columns([[1, 86_400_000, 1, 0]]));
    store.mergeTail();
    store.append(columns([[1, 86_401_000, 2, 0]]));
    expect(store.exportPage({ keys: [1], from: 0, to: 1e12 }).count).toBe(86_402);
    const day = store.aggregates({
      key: 1,
      tag: 'x',
      from: 0,
      to: 86_399_999,
      interval: 86_400_000,
      aggregates: ['count', 'max', 'pctGood'],
    });
    expect(day.values.count).toEqual([86_400]);
    expect(day.values.max).toEqual([99]);
    expect(day.values.pctGood![0]).toBeCloseTo((100 * (86_400 - 60)) / 86_400, 6);
  });
});

describe('historian migrations', () => {
  it('0001 creates the tags and samples tables and records schema version 1', () => {
    const db = new Database(':memory:');
    expect(migrate(db, historianMigrations.slice(0, 1))).toBe(1);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['samples', 'tags']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('0002 adds the hot tail table', () => {
    const db = new Database(':memory:');
    migrate(db, historianMigrations.slice(0, 1));
    expect(migrate(db, historianMigrations.slice(0, 2))).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'sample_tail'").pluck().get()).toBe(
      'sample_tail',
    );
  });

  it('0003 adds the chunk summary and chunk data tables', () => {
    const db = new Database(':memory:');
    migrate(db, historianMigrations.slice(0, 2));
    expect(migrate(db, historianMigrations.slice(0, 3))).toBe(3);
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'chunks' ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual(['chunks']);
  });

  it('runs each migration once', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(() => migrate(db)).not.toThrow();
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(/newer than this version supports/);
  });
});

describe('warming the read path', () => {
  it('decodes the newest hourly blocks and leaves every answer as it was', () => {
    const dir = makeTempDir();
    const HOUR = 3_600_000;
    const now = 400 * HOUR;
    const open = () => new HistorianStore(new Database(`${dir.path}/h.db`));
    try {
      const writing = open();
      writing.upsertTags([tag(1, 'line1/pump3/vibration'), tag(2, 'line1/pump3/flow')]);
      // 300 hours of one sample every ten minutes: more than a sealed block of hourly buckets.
      const rows: [number, number, number | null, number][] = [];
      for (let t = 0; t < 300 * HOUR; t += 600_000) rows.push([1, t, (t / HOUR) % 25, 0]);
      writing.append(columns(rows));
      writing.sealAll();
      writing.close();

      const year = {
        key: 1,
        tag: 'line1/pump3/vibration',
        from: now - 365 * 24 * HOUR,
        to: now,
        maxPoints: 500,
      };
      const cold = open();
      const expected = cold.queryRange(year);
      cold.close();
      const warmed = open();
      expect(warmed.warmUp(1_000, now).blocks).toBeGreaterThan(0);
      expect(warmed.queryRange(year)).toEqual(expected);
      warmed.close();
    } finally {
      dir.remove();
    }
  });
});
