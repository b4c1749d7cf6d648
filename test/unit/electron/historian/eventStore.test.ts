import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRows } from '../../../../electron/export/csvFormat.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { HistorianStore } from '../../../../electron/historian/historianStore.js';
import { RetentionPlan } from '../../../../electron/historian/retention.js';
import type { EventBatch, StoredTag } from '../../../../electron/historian/types.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { HistorianSettingsSchema } from '../../../../shared/historianSettings.js';
import { Quality } from '../../../../shared/quality.js';
import { KEEP_EVERYTHING } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

const batchTag: StoredTag = {
  key: 1,
  id: 'line1/conveyor1/batch',
  device: 'line1/conveyor1',
  name: 'batch',
  description: 'Batch on the line',
  unit: '',
  dataType: 'string',
  engLow: null,
  engHigh: null,
};
const stateTag: StoredTag = {
  key: 2,
  id: 'line1/pump1/state',
  device: 'line1/pump1',
  name: 'state',
  description: '',
  unit: '',
  dataType: 'enum',
  engLow: 0,
  engHigh: 2,
  states: [
    { value: 0, label: 'Stopped' },
    { value: 1, label: 'Running' },
  ],
};

function events(rows: [number, number, string | null, number][]): EventBatch {
  return {
    count: rows.length,
    tagKeys: rows.map((r) => r[0]),
    ts: rows.map((r) => r[1]),
    texts: rows.map((r) => r[2]),
    qualities: rows.map((r) => r[3]),
  };
}

const query = { key: 1, tag: batchTag.id, from: 0, to: NOW, limit: 100, order: 'newest' as const };

describe('the historian store with events', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: HistorianStore;
  const open = (options?: ConstructorParameters<typeof HistorianStore>[1]) =>
    new HistorianStore(new Database(`${dir.path}/historian.db`), options);
  beforeEach(() => {
    dir = makeTempDir();
    store = open();
    store.upsertTags([batchTag, stateTag]);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('answers a tag events newest first or oldest first, up to a limit, and says when more were left', () => {
    store.appendEvents(
      events([
        [1, 3000, 'B3', Quality.Good],
        [1, 1000, 'B1', Quality.Good],
        [1, 2000, null, Quality.BadTypeMismatch],
      ]),
    );
    expect(store.queryEvents(query)).toEqual({
      tag: batchTag.id,
      from: 0,
      to: NOW,
      order: 'newest',
      events: [
        { ts: 3000, text: 'B3', quality: Quality.Good },
        { ts: 2000, text: null, quality: Quality.BadTypeMismatch },
        { ts: 1000, text: 'B1', quality: Quality.Good },
      ],
      more: false,
    });
    const oldest = store.queryEvents({ ...query, order: 'oldest', limit: 2 });
    expect(oldest.events.map((e) => e.ts)).toEqual([1000, 2000]);
    expect(oldest.more).toBe(true);
    expect(store.queryEvents({ ...query, from: 1500, to: 2500 }).events.map((e) => e.ts)).toEqual([2000]);
  });

  it('exports events as rows beside samples, in time order, the text as the CSV value', () => {
    store.appendEvents(
      events([
        [1, 1500, 'B1, "north"', Quality.Good],
        [1, 2500, null, Quality.BadTypeMismatch],
      ]),
    );
    store.append({
      count: 3,
      tagKeys: Int32Array.of(2, 2, 2),
      ts: Float64Array.of(1000, 2000, 3000),
      values: Float64Array.of(0, 1, 1),
      qualities: new Uint32Array(3),
    });
    const page = store.exportPage({ keys: [2, 1], from: 0, to: 10_000 });
    expect(Array.from(page.ts)).toEqual([1000, 1500, 2000, 2500, 3000]);
    expect(Array.from(page.tagKeys)).toEqual([2, 1, 2, 1, 2]);
    expect(page.texts).toEqual([null, 'B1, "north"', null, null, null]);
    const csv = rawRows(
      page,
      new Map([
        [1, 'line1/conveyor1/batch'],
        [2, 'line1/pump1/state'],
      ]),
    );
    expect(csv.split('\r\n').slice(0, 4)).toEqual([
      '1970-01-01T00:00:01.000Z,line1/pump1/state,0,Good,0',
      '1970-01-01T00:00:01.500Z,line1/conveyor1/batch,"B1, ""north""",Good,0',
      '1970-01-01T00:00:02.000Z,line1/pump1/state,1,Good,0',
      `1970-01-01T00:00:02.500Z,line1/conveyor1/batch,,BadTypeMismatch,${Quality.BadTypeMismatch}`,
    ]);
  });

  it('leaves out an event without a usable time rather than failing its batch', () => {
    expect(
      store.appendEvents(
        events([
          [1, Number.NaN, 'no time', Quality.Good],
          [1, 1000, 'B1', Quality.Good],
        ]),
      ),
    ).toBe(1);
    expect(store.queryEvents(query).events.map((e) => e.text)).toEqual(['B1']);
  });

  it('replaces an event redelivered at the same time instead of duplicating it', () => {
    store.appendEvents(events([[1, 1000, 'B1', Quality.Good]]));
    store.appendEvents(events([[1, 1000, 'B1 (corrected)', Quality.Good]]));
    expect(store.queryEvents(query).events).toEqual([{ ts: 1000, text: 'B1 (corrected)', quality: 0 }]);
  });

  it('gives the last text of a string tag as its value at a time and after a restart', () => {
    store.appendEvents(
      events([
        [1, 1000, 'B1', Quality.Good],
        [1, 5000, 'B2', Quality.Good],
      ]),
    );
    expect(store.valueAt(1, 4999)).toEqual({ key: 1, ts: 1000, value: 'B1', quality: Quality.Good });
    store.close();
    store = open();
    expect(store.lastValues()).toEqual([{ key: 1, ts: 5000, value: 'B2', quality: Quality.Good }]);
  });

  it('keeps an enum tag state table and a string tag type across reopening', () => {
    store.close();
    store = open();
    expect(store.loadTags()).toEqual([batchTag, stateTag]);
  });

  it('drops events older than the raw horizon of their tag class', () => {
    store.close();
    const plan = new RetentionPlan(
      HistorianSettingsSchema.parse({ retention: { rawDays: 7, minuteDays: 30, hourDays: null } }),
    );
    store = open({ retention: plan });
    store.appendEvents(
      events([
        [1, NOW - 30 * DAY, 'old', Quality.Good],
        [1, NOW - 8 * DAY, 'older than a week', Quality.Good],
        [1, NOW - 6 * DAY, 'kept', Quality.Good],
      ]),
    );
    expect(store.sweepRetention(NOW)).toMatchObject({ events: 2, done: true });
    expect(store.queryEvents(query).events.map((e) => e.text)).toEqual(['kept']);
  });
});

describe('the historian facade with events', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('commits texts through the worker beside samples, and answers event queries', async () => {
    const historian = new Historian({
      path: `${dir.path}/historian.db`,
      log: createMemoryLogger(),
      retention: KEEP_EVERYTHING,
    });
    await historian.start();
    historian.upsertTags([batchTag, stateTag]);
    historian.appendText(1, 1000, 'B1', Quality.Good);
    historian.append(2, 1000, 1, Quality.Good);
    historian.appendText(1, 2000, 'B2', Quality.Good);
    expect(historian.stats().backlog).toBe(3);
    await historian.flush();
    expect(historian.stats()).toMatchObject({ state: 'ok', samplesWritten: 1, backlog: 0 });
    const result = await historian.queryEvents(query);
    expect(result.events.map((e) => e.text)).toEqual(['B2', 'B1']);
    expect(await historian.valueAt(2, 5000)).toMatchObject({ value: 1 });
    await historian.stop();
  });
});
