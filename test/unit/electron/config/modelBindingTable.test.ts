import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { ModelBindingSchema, type ModelBinding } from '../../../../shared/modelBindings.js';

const binding = (threshold = 2.5): ModelBinding =>
  ModelBindingSchema.parse({
    kind: 'zscore',
    id: 'pump1-flow',
    tag: 'line1/pump1/flow',
    threshold,
    score: { tag: 'line1/pump1/flow_z' },
  });

describe('model bindings in config.db', () => {
  let store: ConfigStore;
  let bad: string[];
  beforeEach(() => {
    bad = [];
    store = new ConfigStore(new Database(':memory:'), (message) => bad.push(message));
  });

  it('keeps every change as a version with who and when, and refuses an edit of a stale version', () => {
    expect(store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'ana', now: 1 })).toEqual({
      ok: true,
      version: 1,
    });
    expect(store.bindings.save({ binding: binding(3), baseVersion: 1, changedBy: 'bo', now: 2 })).toEqual({
      ok: true,
      version: 2,
    });
    expect(
      store.bindings.save({ binding: binding(4), baseVersion: 1, changedBy: 'cy', now: 3 }),
    ).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: expect.stringMatching(/changed meanwhile \(now version 2, edited from 1\)/),
    });
    expect(store.bindings.list()).toEqual([{ version: 2, binding: binding(3) }]);
    const versions = store.bindings.versions('pump1-flow', 10);
    expect(versions.map((v) => [v.version, v.changedBy])).toEqual([
      [2, 'bo'],
      [1, 'ana'],
    ]);
    expect(versions[0]).toMatchObject({ before: binding(), after: binding(3) });
  });

  it('adds no version for a save that changes nothing', () => {
    store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'ana', now: 1 });
    expect(store.bindings.save({ binding: binding(), baseVersion: 1, changedBy: 'ana', now: 2 })).toEqual({
      ok: true,
      version: 1,
    });
    expect(store.bindings.versions('pump1-flow', 10)).toHaveLength(1);
  });

  it('journals a deletion, and a binding made again goes on counting versions', () => {
    store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'ana', now: 1 });
    expect(store.bindings.delete({ id: 'pump1-flow', baseVersion: 1, changedBy: 'bo', now: 2 })).toEqual({
      ok: true,
      version: 0,
    });
    expect(store.bindings.list()).toEqual([]);
    expect(
      store.bindings.delete({ id: 'pump1-flow', baseVersion: 0, changedBy: 'bo', now: 2 }),
    ).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'cy', now: 3 })).toEqual({
      ok: true,
      version: 3,
    });
    expect(store.bindings.versions('pump1-flow', 10).map((v) => [v.version, v.after === null])).toEqual([
      [3, false],
      [2, true],
      [1, false],
    ]);
  });

  it('skips and reports a stored binding that no longer parses', () => {
    store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'ana', now: 1 });
    (store as unknown as { db: Database.Database }).db
      .prepare('UPDATE model_bindings SET binding = \'{"kind":"zscore"}\'')
      .run();
    expect(store.bindings.list()).toEqual([]);
    expect(bad.join('\n')).toMatch(/model binding pump1-flow does not parse/);
  });
});
