import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { ModelBindingSchema, type ModelBinding } from '../../../../shared/modelBindings.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

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

  it('passes over and reports a stored binding or version that is not JSON, in a config.db on disk', () => {
    const dir = makeTempDir();
    const path = `${dir.path}/config.db`;
    store.close();
    try {
      store = new ConfigStore(new Database(path), (message) => bad.push(message));
      store.bindings.save({ binding: binding(), baseVersion: 0, changedBy: 'ana', now: 1 });
      store.bindings.save({ binding: binding(3), baseVersion: 1, changedBy: 'bo', now: 2 });
      store.close();
      const db = new Database(path);
      db.prepare('UPDATE model_bindings SET binding = \'{"kind":\'').run();
      db.prepare("UPDATE model_binding_versions SET before = 'nope' WHERE version = 2").run();
      store = new ConfigStore(db, (message) => bad.push(message));
      expect(store.bindings.list()).toEqual([]);
      expect(store.bindings.versions('pump1-flow', 10)).toMatchObject([
        { version: 2, before: null, after: binding(3) },
        { version: 1, before: null, after: binding() },
      ]);
      expect(bad).toEqual([
        'model binding pump1-flow is not valid JSON; passed over it',
        'model binding pump1-flow is not valid JSON; passed over it',
      ]);
    } finally {
      store.close();
      dir.remove();
    }
  });
});
