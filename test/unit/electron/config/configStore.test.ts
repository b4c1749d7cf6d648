import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import type { TrendViewDraft } from '../../../../shared/trendViews.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const draft = (name: string, extra: Partial<TrendViewDraft> = {}): TrendViewDraft => ({
  name,
  pens: [
    { tag: 'line1/pump3/flow', colour: '#1f3a68', axis: { min: 0, max: 120 } },
    { tag: 'line1/pump3/current' },
  ],
  range: { kind: 'live', spanMs: 600_000 },
  ...extra,
});

describe('the config store', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: ConfigStore;
  const badRows: string[] = [];
  const open = () => new ConfigStore(new Database(`${dir.path}/config.db`), (line) => badRows.push(line));
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    store = open();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('keeps the file in WAL mode with every commit synced to disk (synchronous=FULL)', () => {
    store.close();
    // synchronous is a setting of the connection, so look at one the store has set up.
    const db = new Database(`${dir.path}/config.db`);
    store = new ConfigStore(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('saves a new view with an id, its times and who saved it', () => {
    const outcome = store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    expect(outcome).toMatchObject({
      ok: true,
      view: { name: 'Pump 3', createdMs: 1_000, updatedMs: 1_000, savedBy: 'ana' },
    });
    expect(outcome.ok && outcome.view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.views.list()).toEqual([outcome.ok && outcome.view]);
  });

  it('keeps views across a reopen of the file', () => {
    store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    store.close();
    store = open();
    expect(store.views.list().map((view) => view.pens)).toEqual([draft('x').pens]);
  });

  it('lists views by name regardless of case', () => {
    for (const name of ['compressor', 'Boiler', 'air'])
      store.views.saveView({ draft: draft(name), savedBy: 'a', now: 1 });
    expect(store.views.list().map((view) => view.name)).toEqual(['air', 'Boiler', 'compressor']);
  });

  it('replaces a view saved with its id, keeping when it was created', () => {
    const first = store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    if (!first.ok) throw new Error(first.message);
    const history = { kind: 'history', from: 10, to: 20 } as const;
    const again = store.views.saveView({
      draft: draft('PUMP 3', { id: first.view.id, range: history }),
      savedBy: 'ben',
      now: 2_000,
    });
    expect(again).toMatchObject({
      ok: true,
      view: {
        id: first.view.id,
        name: 'PUMP 3',
        range: history,
        createdMs: 1_000,
        updatedMs: 2_000,
        savedBy: 'ben',
      },
    });
    expect(store.views.list()).toHaveLength(1);
  });

  it('refuses a second view with the same name in another case, naming the one that exists', () => {
    store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1 });
    expect(store.views.saveView({ draft: draft('pump 3'), savedBy: 'ben', now: 2 })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'a view named "Pump 3" already exists: save over it or choose another name',
    });
  });

  it('refuses to rename a view onto another view’s name', () => {
    store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1 });
    const other = store.views.saveView({ draft: draft('Pump 4'), savedBy: 'ana', now: 1 });
    if (!other.ok) throw new Error(other.message);
    expect(
      store.views.saveView({ draft: draft('PUMP 3', { id: other.view.id }), savedBy: 'a', now: 2 }),
    ).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('refuses to update or delete a view that does not exist', () => {
    const unknown = '0b8c8f5e-0000-4000-8000-000000000000';
    expect(store.views.saveView({ draft: draft('x', { id: unknown }), savedBy: 'a', now: 1 })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: expect.stringContaining(unknown),
    });
    expect(store.views.deleteView(unknown)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(store.views.list()).toEqual([]);
  });

  it('deletes a view, after which its name is free again', () => {
    const saved = store.views.saveView({ draft: draft('Pump 3'), savedBy: 'a', now: 1 });
    if (!saved.ok) throw new Error(saved.message);
    expect(store.views.deleteView(saved.view.id)).toEqual({ ok: true, id: saved.view.id });
    expect(store.views.list()).toEqual([]);
    expect(store.views.saveView({ draft: draft('pump 3'), savedBy: 'a', now: 2 }).ok).toBe(true);
  });

  it('skips and reports a stored row that no longer parses, and lists the others', () => {
    store.views.saveView({ draft: draft('good'), savedBy: 'a', now: 1 });
    store.close();
    const db = new Database(`${dir.path}/config.db`);
    db.prepare("INSERT INTO trend_views VALUES ('bad-json', 'b1', 'b1', '[{', '{}', 1, 1, 'x')").run();
    db.prepare(
      `INSERT INTO trend_views VALUES ('bad-axis', 'b2', 'b2', '[{"tag":"a/b/c","axis":{"min":5,"max":1}}]',
        '{"kind":"live","spanMs":60000}', 1, 1, 'x')`,
    ).run();
    db.close();
    store = open();
    expect(store.views.list().map((view) => view.name)).toEqual(['good']);
    expect(badRows).toEqual([
      'saved view bad-json is not valid JSON (pens); passed over it',
      expect.stringMatching(
        /^saved view bad-axis does not parse \(pens\.0\.axis\.max: axis min must be below max\)/,
      ),
    ]);
  });
});
