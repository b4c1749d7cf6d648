import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AggregateAccumulator } from '../../../../../electron/historian/aggregates.js';
import { HistorianStore } from '../../../../../electron/historian/historianStore.js';
import { historianMigrations, migrate } from '../../../../../electron/historian/migrations/index.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import type { SampleColumns, StoredTag } from '../../../../../electron/historian/types.js';
import type { Aggregate, AggregateSeries } from '../../../../../shared/domain.js';
import { Quality } from '../../../../../shared/quality.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

const HOUR = 3_600_000;
const ALL: Aggregate[] = ['avg', 'twa', 'min', 'max', 'first', 'last', 'count', 'pctGood'];

const tag: StoredTag = {
  key: 1,
  id: 'line1/pump3/flow',
  device: 'line1/pump3',
  name: 'flow',
  description: '',
  unit: 'm3/h',
  dataType: 'number',
  engLow: 0,
  engHigh: 100,
};

function columns(rows: readonly SampleRow[], key = 1): SampleColumns {
  return {
    count: rows.length,
    tagKeys: new Int32Array(rows.length).fill(key),
    ts: Float64Array.from(rows, (r) => r[0]),
    values: Float64Array.from(rows, (r) => r[1] ?? NaN),
    qualities: Uint32Array.from(rows, (r) => r[2]),
  };
}

/** A process signal every `stepMs` with a jitter, some bad and uncertain stretches and silences. */
function signal(from: number, to: number, stepMs: number, seed = 1): SampleRow[] {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const rows: SampleRow[] = [];
  for (let ts = from; ts < to; ts += stepMs + Math.floor(random() * 300)) {
    const phase = Math.floor(ts / 600_000) % 7;
    if (phase === 5) continue; // a silent device
    const quality = phase === 3 ? Quality.Bad : phase === 4 ? Quality.Uncertain : Quality.Good;
    const value =
      phase === 3 && random() < 0.5 ? null : Math.round((50 + 20 * Math.sin(ts / 500_000)) * 100) / 100;
    rows.push([ts, value, quality]);
  }
  return rows;
}

/** The aggregates computed straight from samples: what the rollups must reproduce. */
function reference(rows: readonly SampleRow[], from: number, to: number, interval: number): AggregateSeries {
  const sorted = [...new Map(rows.map((r) => [r[0], r])).values()].sort((a, b) => a[0] - b[0]);
  const carry = sorted.findLast((r) => r[0] < from) ?? null;
  const accumulator = new AggregateAccumulator(from, to, interval, carry);
  for (const [ts, value, quality] of sorted) accumulator.add(ts, value, quality);
  return accumulator.finish(tag.id, ALL);
}

function expectSame(actual: AggregateSeries, expected: AggregateSeries): void {
  expect(actual.start).toEqual(expected.start);
  expect(actual.quality).toEqual(expected.quality);
  for (const aggregate of ALL) {
    const [a, e] = [actual.values[aggregate]!, expected.values[aggregate]!];
    expect(a.length).toBe(e.length);
    a.forEach((value, i) => {
      if (e[i] === null) expect(value, `${aggregate}[${i}]`).toBeNull();
      else expect(value, `${aggregate}[${i}]`).toBeCloseTo(e[i]!, 6);
    });
  }
}

describe('rollups', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let store: HistorianStore;
  const open = () => {
    db = new Database(`${dir.path}/historian.db`);
    store = new HistorianStore(db);
  };
  const aggregates = (from: number, to: number, interval: number) =>
    store.aggregates({ key: 1, tag: tag.id, from, to, interval, aggregates: ALL });
  const rollupRows = () => db.prepare('SELECT COUNT(*) FROM rollups').pluck().get() as number;

  beforeEach(() => {
    dir = makeTempDir();
    open();
    store.upsertTags([tag]);
  });
  afterEach(() => {
    if (db.open) store.close();
    dir.remove();
  });

  it('answer hourly and minute aggregates exactly as the raw samples would, bad and silent stretches included', () => {
    const rows = signal(0, 6 * HOUR, 1000);
    store.append(columns(rows));
    store.mergeTail();
    expect(rollupRows()).toBeGreaterThan(300);
    expectSame(aggregates(0, 6 * HOUR - 1, HOUR), reference(rows, 0, 6 * HOUR - 1, HOUR));
    expectSame(aggregates(HOUR, 3 * HOUR - 1, 600_000), reference(rows, HOUR, 3 * HOUR - 1, 600_000));
    // A range that does not end on a bucket edge takes its last partial bucket from raw samples.
    expectSame(aggregates(0, 5 * HOUR + 1234, HOUR), reference(rows, 0, 5 * HOUR + 1234, HOUR));
  });

  it('include samples not yet merged into the main table', () => {
    const rows = signal(0, 2 * HOUR, 1000);
    store.append(columns(rows));
    expect(rollupRows()).toBe(0);
    expectSame(aggregates(0, 2 * HOUR - 1, HOUR), reference(rows, 0, 2 * HOUR - 1, HOUR));
  });

  it('are corrected by late and redelivered samples instead of counting them twice', () => {
    const rows = signal(0, 3 * HOUR, 1000);
    store.append(columns(rows));
    store.mergeTail();
    store.seal({ all: true, budgetMs: Infinity });
    // A device with a wrong clock backfills into the first hour, and a sample is redelivered with
    // a corrected value: both land in sealed data whose rollups must change.
    const late: SampleRow[] = [
      [1_500, 999, Quality.Good],
      [2_500_000, -40, Quality.Good],
      [rows[100]![0], 123.45, Quality.Uncertain],
    ];
    store.append(columns(late));
    store.append(columns(rows.slice(-5))); // the newest samples again
    const all = [...rows, ...late];
    // Correct at once, before the next merge writes them…
    expectSame(aggregates(0, 3 * HOUR - 1, HOUR), reference(all, 0, 3 * HOUR - 1, HOUR));
    store.mergeTail();
    // …and after it.
    expectSame(aggregates(0, 3 * HOUR - 1, HOUR), reference(all, 0, 3 * HOUR - 1, HOUR));
    expectSame(aggregates(0, 3 * HOUR - 1, 60_000), reference(all, 0, 3 * HOUR - 1, 60_000));
  });

  it('seal old buckets into compressed blocks that late data still corrects', () => {
    const rows = signal(0, 10 * HOUR, 5000);
    store.append(columns(rows));
    store.mergeTail();
    store.seal({ all: true, budgetMs: Infinity });
    const blocks = db
      .prepare('SELECT COUNT(*), SUM(length(data)) FROM rollup_blocks')
      .raw()
      .get() as number[];
    expect(blocks[0]).toBeGreaterThanOrEqual(2);
    expect(blocks[1]! / 512).toBeLessThan(40); // bytes per sealed minute bucket
    const late: SampleRow[] = [[HOUR + 30_001, 1e6, Quality.Good]];
    store.append(columns(late));
    store.mergeTail();
    const all = [...rows, ...late];
    expectSame(aggregates(0, 10 * HOUR - 1, HOUR), reference(all, 0, 10 * HOUR - 1, HOUR));
    expectSame(aggregates(0, 10 * HOUR - 1, 120_000), reference(all, 0, 10 * HOUR - 1, 120_000));
  });

  it('survive a crash: buckets written with the merged rows, the tail replayed on opening', () => {
    const rows = signal(0, 4 * HOUR, 1000);
    store.append(columns(rows.slice(0, 5000)));
    store.mergeTail();
    store.append(columns(rows.slice(5000)));
    db.close(); // no merge, no checkpoint: as if the process were killed
    open();
    expectSame(aggregates(0, 4 * HOUR - 1, HOUR), reference(rows, 0, 4 * HOUR - 1, HOUR));
    store.mergeTail();
    expectSame(aggregates(0, 4 * HOUR - 1, 60_000), reference(rows, 0, 4 * HOUR - 1, 60_000));
  });

  it('draw a week as M4 from hourly buckets, with every extreme and gap of the raw data', () => {
    const rows = signal(0, 7 * 24 * HOUR, 20_000);
    rows.push([3 * 24 * HOUR + 7_777, 1000, Quality.Good]); // a spike an operator must see
    rows.sort((a, b) => a[0] - b[0]);
    store.append(columns(rows));
    store.mergeTail();
    const result = store.queryRange({ key: 1, tag: tag.id, from: 0, to: 7 * 24 * HOUR - 1, maxPoints: 160 });
    expect(result.mode).toBe('m4');
    expect(result.points.ts.length).toBeLessThanOrEqual(161); // maxPoints and the value held into the range
    const values = result.points.value;
    expect(Math.max(...values.map((v) => v ?? -Infinity))).toBe(1000);
    const good = rows.filter((r) => r[2] !== Quality.Bad && r[1] !== null).map((r) => r[1]!);
    expect(Math.min(...values.map((v) => v ?? Infinity))).toBe(Math.min(...good));
    // Ten bad minutes in every seventy are narrower than a column: drawn through, as doubtful.
    expect(result.points.quality.some((q) => q !== Quality.Good)).toBe(true);
    expect(result.points.quality.filter((q) => q === Quality.Bad)).toEqual([]);
    const known = new Set(rows.map((r) => r[1]));
    for (const value of values) expect(known.has(value)).toBe(true); // nothing invented
  });
});

describe('migration 0004', () => {
  it('adds the rollup tables, and an older file is rolled up once when the store opens it', () => {
    const dir = makeTempDir();
    const path = `${dir.path}/historian.db`;
    const old = new Database(path);
    expect(migrate(old, historianMigrations.slice(0, 3))).toBe(3);
    old
      .prepare(
        `INSERT INTO tags (key, id, device, name, description, unit, data_type, eng_low, eng_high, created_ms)
         VALUES (1, 'line1/pump3/flow', 'line1/pump3', 'flow', '', '', 'number', NULL, NULL, 0)`,
      )
      .run();
    const rows = signal(0, 2 * HOUR, 1000);
    const insert = old.prepare('INSERT INTO samples (tag_key, ts, value, quality) VALUES (1, ?, ?, ?)');
    old.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    old.close();

    const store = new HistorianStore(new Database(path));
    const result = store.aggregates({
      key: 1,
      tag: tag.id,
      from: 0,
      to: 2 * HOUR - 1,
      interval: HOUR,
      aggregates: ALL,
    });
    expectSame(result, reference(rows, 0, 2 * HOUR - 1, HOUR));
    store.close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(historianMigrations.at(-1)!.version);
    const minutes = new Set(rows.map((r) => Math.floor(r[0] / 60_000))).size;
    expect(db.prepare('SELECT COUNT(*) FROM rollups WHERE level = 60000').pluck().get()).toBe(minutes);
    db.close();
    dir.remove();
  });
});
