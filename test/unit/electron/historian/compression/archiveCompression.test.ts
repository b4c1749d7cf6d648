import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistorianStore } from '../../../../../electron/historian/historianStore.js';
import { historianMigrations, migrate } from '../../../../../electron/historian/migrations/index.js';
import type { SampleColumns, StoredTag } from '../../../../../electron/historian/types.js';
import { HistorianSettingsSchema } from '../../../../../shared/historianSettings.js';
import { Quality } from '../../../../../shared/quality.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

const tag = (key: number, id: string): StoredTag => ({
  key,
  id,
  device: 'line1/pump3',
  name: id.split('/').at(-1)!,
  description: '',
  unit: '',
  dataType: 'number',
  engLow: null,
  engHigh: null,
});

/** A smooth temperature on tags 1 and 2, one sample a second for an hour, a bad minute in the middle. */
function hour(): SampleColumns {
  const rows: [number, number, number, number][] = [];
  for (let s = 0; s < 3600; s++) {
    const bad = s >= 1800 && s < 1860;
    for (const key of [1, 2])
      rows.push([
        key,
        s * 1000,
        Math.round((60 + 5 * Math.sin(s / 600)) * 100) / 100,
        bad ? Quality.Bad : Quality.Good,
      ]);
  }
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows, (r) => r[0]),
    ts: Float64Array.from(rows, (r) => r[1]),
    values: Float64Array.from(rows, (r) => r[2]),
    qualities: Uint32Array.from(rows, (r) => r[3]),
  };
}

describe('archive compression in the store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const path = () => `${dir.path}/historian.db`;
  const settings = (deviation: number) =>
    HistorianSettingsSchema.parse({
      compression: [{ tags: ['line1/*/temperature'], setting: { mode: 'swingingDoor', deviation } }],
    }).compression;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('thins only the tags a rule names, keeps bad samples, and rolls up every sample received', () => {
    const store = new HistorianStore(new Database(path()), { compression: settings(0.05) });
    store.upsertTags([tag(1, 'line1/pump3/temperature'), tag(2, 'line1/pump3/flow')]);
    store.append(hour());
    store.close(); // archives each filter's held snapshot

    const reopened = new HistorianStore(new Database(path()));
    const raw = (key: number) =>
      reopened.queryRange({ key, tag: 'x', from: 0, to: 3_600_000, maxPoints: 100_000 }).points;
    const thinned = raw(1);
    expect(raw(2).ts.length).toBe(3600);
    expect(thinned.ts.length).toBeLessThan(3600 / 5);
    expect(thinned.ts.at(-1)).toBe(3_599_000); // the held snapshot was not lost at shutdown
    expect(thinned.quality.filter((q) => q === Quality.Bad)).toHaveLength(60);
    // Every archived line segment stays within the deviation of the samples it replaced.
    const original = hour();
    for (let i = 0; i < original.count; i += 2) {
      const [ts, value] = [original.ts[i]!, original.values[i]!];
      if (original.qualities[i] !== Quality.Good) continue;
      const j = thinned.ts.findIndex((t) => t >= ts);
      if (thinned.ts[j] === ts) continue;
      const [t0, t1, v0, v1] = [thinned.ts[j - 1]!, thinned.ts[j]!, thinned.value[j - 1]!, thinned.value[j]!];
      if (thinned.quality[j] !== Quality.Good || thinned.quality[j - 1] !== Quality.Good) continue;
      expect(Math.abs(v0 + ((v1 - v0) * (ts - t0)) / (t1 - t0) - value)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    // Rollups come from the raw stream: counts and averages are those of every sample received.
    const counts = reopened.aggregates({
      key: 1,
      tag: 'x',
      from: 0,
      to: 3_599_999,
      interval: 3_600_000,
      aggregates: ['count'],
    });
    expect(counts.values.count).toEqual([3600]);
    reopened.close();
  });

  it('records the setting each tag was stored with, and every change of it', () => {
    const db = new Database(path());
    let store = new HistorianStore(db, { compression: settings(0.05) });
    store.upsertTags([tag(1, 'line1/pump3/temperature'), tag(2, 'line1/pump3/flow')]);
    store.append(hour());
    store.close();
    store = new HistorianStore(new Database(path()), { compression: settings(0.2) });
    store.append(hour());
    store.close();
    const check = new Database(path());
    const rows = check.prepare('SELECT tag_key, setting FROM tag_compression ORDER BY since_ms').raw().all();
    expect(rows).toEqual([
      [1, JSON.stringify({ mode: 'swingingDoor', deviation: 0.05 })],
      [1, JSON.stringify({ mode: 'swingingDoor', deviation: 0.2 })],
    ]);
    check.close();
  });
});

describe("a tag's own storage deadband", () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  const steps = (from: number, values: number[]): SampleColumns => ({
    count: values.length,
    tagKeys: Int32Array.from(values, () => 1),
    ts: Float64Array.from(values, (_, i) => (from + i) * 1000),
    values: Float64Array.from(values),
    qualities: Uint32Array.from(values, () => Quality.Good),
  });

  it('wins over the rules, archives what the old filter held, and records each setting', () => {
    const path = `${dir.path}/historian.db`;
    const store = new HistorianStore(new Database(path), {
      compression: HistorianSettingsSchema.parse({
        compression: [{ tags: ['line1/**'], setting: { mode: 'deadband', deviation: 100 } }],
      }).compression,
    });
    store.upsertTags([tag(1, 'line1/pump3/flow')]);
    store.append(steps(0, [10, 11, 12])); // within the rule's ±100: 12 is held, not archived
    store.setTagCompression('line1/pump3/flow', { mode: 'deadband', deviation: 1.5 });
    store.append(steps(3, [12.5, 13, 14, 20]));
    store.setTagCompression('line1/pump3/flow', null);
    store.close();

    const reopened = new HistorianStore(new Database(path));
    const { points } = reopened.queryRange({ key: 1, tag: 'x', from: 0, to: 10_000, maxPoints: 1000 });
    // 10 (first), 12 (held when the setting changed), 12.5 (anchors the new setting), 13 dropped
    // (within ±1.5), 14 and 20 (20 held when the setting was removed, and archived then).
    expect(points.value).toEqual([10, 12, 12.5, 14, 20]);
    reopened.close();
    const check = new Database(path);
    const settings = check.prepare('SELECT setting FROM tag_compression ORDER BY since_ms').pluck().all();
    expect(settings.map((s) => JSON.parse(s as string))).toEqual([
      { mode: 'deadband', deviation: 100 },
      { mode: 'deadband', deviation: 1.5 },
    ]);
    check.close();
  });
});

describe('migration 0005', () => {
  it('adds the table of compression settings per tag', () => {
    const db = new Database(':memory:');
    migrate(db, historianMigrations.slice(0, 4));
    expect(migrate(db, historianMigrations.slice(0, 5))).toBe(5);
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('tag_compression');
    expect(columns).toEqual(['tag_key', 'since_ms', 'setting']);
  });
});
