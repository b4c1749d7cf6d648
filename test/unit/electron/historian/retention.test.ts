import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistorianStore } from '../../../../electron/historian/historianStore.js';
import { capWarning, RetentionPlan } from '../../../../electron/historian/retention.js';
import type { SampleColumns, StoredTag } from '../../../../electron/historian/types.js';
import { HistorianSettingsSchema, tagPatternMatcher } from '../../../../shared/historianSettings.js';
import { Quality } from '../../../../shared/quality.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const DAY = 86_400_000;
const NOW = 400 * DAY;

const tag = (key: number, id: string): StoredTag => ({
  key,
  id,
  device: id.split('/').slice(0, 2).join('/'),
  name: id.split('/').at(-1)!,
  description: '',
  unit: '',
  dataType: 'number',
  engLow: null,
  engHigh: null,
});

/** Every tag, one sample a minute over [from, to), values a slow wave (or noise, which compresses badly). */
function minutes(keys: number[], from: number, to: number, noisy = false): SampleColumns {
  const rows: [number, number, number][] = [];
  for (let ts = from; ts < to; ts += 60_000) {
    for (const key of keys)
      rows.push([key, ts, noisy ? Math.random() * 1000 : Math.round(Math.sin(ts / 3e6) * 100) / 10]);
  }
  return {
    count: rows.length,
    tagKeys: Int32Array.from(rows, (r) => r[0]),
    ts: Float64Array.from(rows, (r) => r[1]),
    values: Float64Array.from(rows, (r) => r[2]),
    qualities: new Uint32Array(rows.length).fill(Quality.Good),
  };
}

describe('retention settings', () => {
  it('match tag path patterns level by level', () => {
    expect(tagPatternMatcher('line1/*/vibration')('line1/pump3/vibration')).toBe(true);
    expect(tagPatternMatcher('line1/*/vibration')('line1/a/b/vibration')).toBe(false);
    expect(tagPatternMatcher('line1/**')('line1/a/b/vibration')).toBe(true);
    expect(tagPatternMatcher('line1.x/*')('line1x/y')).toBe(false);
  });

  it('give each tag the first class that matches, else the default', () => {
    const settings = HistorianSettingsSchema.parse({
      classes: [
        { name: 'fast', tags: ['*/*/vibration'], retention: { rawDays: 7, minuteDays: 90, hourDays: null } },
        { name: 'line2', tags: ['line2/**'], retention: { rawDays: 30, minuteDays: 365, hourDays: 3650 } },
      ],
    });
    const plan = new RetentionPlan(settings);
    expect(plan.forTag('line2/pump1/vibration').rawDays).toBe(7);
    expect(plan.forTag('line2/pump1/flow').hourDays).toBe(3650);
    expect(plan.forTag('line1/pump1/flow')).toEqual({ rawDays: 90, minuteDays: 730, hourDays: null });
  });

  it('refuse settings that would keep a finer resolution longer than a coarser one, or a tiny cap', () => {
    const bad = [
      { retention: { rawDays: 400, minuteDays: 365, hourDays: null } },
      { retention: { rawDays: 1, minuteDays: null, hourDays: 10 } },
      { retention: { rawDays: -1, minuteDays: 1, hourDays: 1 } },
      { maxBytes: 1000 },
      { classes: [{ name: 'x', tags: ['line1/#'], retention: { rawDays: 1, minuteDays: 1, hourDays: 1 } }] },
    ];
    for (const settings of bad) expect(HistorianSettingsSchema.safeParse(settings).success).toBe(false);
  });

  it('warn before the cap bites, and say when it does', () => {
    const cap = 2 ** 30;
    expect(capWarning(0.5 * cap, cap, 0.8)).toBeNull();
    expect(capWarning(0.85 * cap, cap, 0.8)).toMatch(/85 % of its 1\.0 GiB cap: from 95 %/);
    expect(capWarning(0.96 * cap, cap, 0.8)).toMatch(/are being dropped/);
    expect(capWarning(10 * cap, null, 0.8)).toBeNull();
  });
});

describe('retention in the store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('drops each resolution of each tag class at its horizon, and trends fall back to the rollups', () => {
    const plan = new RetentionPlan(
      HistorianSettingsSchema.parse({
        classes: [
          { name: 'fast', tags: ['*/*/vibration'], retention: { rawDays: 2, minuteDays: 5, hourDays: null } },
        ],
      }),
    );
    const db = new Database(`${dir.path}/historian.db`);
    const store = new HistorianStore(db, { retention: plan });
    store.upsertTags([tag(1, 'line1/pump3/vibration'), tag(2, 'line1/pump3/flow')]);
    store.append(minutes([1, 2], NOW - 10 * DAY, NOW));
    store.sealAll();

    expect(store.sweepRetention(NOW, 0).done).toBe(false); // no time budget: nothing done, comes back later
    const sweep = store.sweepRetention(NOW);
    expect(sweep.done).toBe(true);
    expect(sweep.samples).toBeGreaterThan(0);
    // Whole chunks go, so at least two days stay: at most one chunk (4,096 minutes) more.
    const oldestRaw = (key: number) =>
      db.prepare('SELECT MIN(start_ts) FROM chunks WHERE tag_key = ?').pluck().get(key) as number;
    expect(oldestRaw(1)).toBeLessThanOrEqual(NOW - 2 * DAY);
    expect(oldestRaw(1)).toBeGreaterThan(NOW - 2 * DAY - 4096 * 60_000);
    expect(oldestRaw(2)).toBe(NOW - 10 * DAY);

    const raw = (key: number) =>
      store.queryRange({ key, tag: 'x', from: NOW - 10 * DAY, to: NOW, maxPoints: 100_000 });
    const fast = raw(1);
    expect(fast.mode).toBe('m4'); // the raw samples are gone: minute and hour rollups draw the span
    expect(fast.points.ts[0]!).toBeLessThan(NOW - 9 * DAY);
    expect(raw(2).mode).toBe('raw'); // the default class keeps 90 days of raw samples
    expect(raw(2).points.ts.length).toBe(10 * 1440);
    expect(store.valueAt(1, NOW)?.ts).toBe(NOW - 60_000);

    // Aggregates over the whole span still count every sample, from the hourly rollups.
    const hourly = store.aggregates({
      key: 1,
      tag: 'x',
      from: NOW - 10 * DAY,
      to: NOW - 1,
      interval: 86_400_000,
      aggregates: ['count'],
    });
    expect(hourly.values.count).toEqual(Array(10).fill(1440));
    store.close();
  });

  it('keeps the file under its cap by dropping the oldest raw samples, rollups kept', () => {
    const path = `${dir.path}/historian.db`;
    let store = new HistorianStore(new Database(path));
    store.upsertTags([tag(1, 'a/b/c'), tag(2, 'a/b/d')]);
    store.append(minutes([1, 2], NOW - 30 * DAY, NOW, true));
    const { usedBytes } = store.sealAll();
    store.close();

    const maxBytes = Math.ceil(usedBytes / 0.97);
    store = new HistorianStore(new Database(path), { maxBytes, warnAt: 0.8 });
    expect(store.storageStatus().warning).toMatch(/are being dropped/);
    const evicted = store.enforceCap(Infinity);
    expect(evicted?.samples).toBeGreaterThan(0);
    const after = store.storageStatus();
    expect(after.usedBytes).toBeLessThanOrEqual(maxBytes * 0.9);
    expect(after.oldestRawTs).toBeGreaterThan(NOW - 30 * DAY);
    expect(after.warning).toMatch(/85|86|87|88|89|90 % of its/);
    // The span whose raw samples went is still drawn, from the rollups.
    const old = store.queryRange({
      key: 1,
      tag: 'x',
      from: NOW - 30 * DAY,
      to: NOW - 29 * DAY,
      maxPoints: 100,
    });
    expect(old.points.ts.length).toBeGreaterThan(10);
    store.close();
  });
});
