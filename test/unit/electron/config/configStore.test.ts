import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import type { TrendViewDraft } from '../../../../shared/trendViews.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

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
  const config = useConfigStore();

  it('keeps the file in WAL mode with every commit synced to disk (synchronous=FULL)', () => {
    config.store.close();
    // synchronous is a setting of the connection, so look at one the store has set up.
    const db = new Database(config.path);
    const store = new ConfigStore(db);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      store.close();
    }
  });

  it('saves a new view with an id, its times and who saved it', () => {
    const outcome = config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    expect(outcome).toMatchObject({
      ok: true,
      view: { name: 'Pump 3', createdMs: 1_000, updatedMs: 1_000, savedBy: 'ana' },
    });
    expect(outcome.ok && outcome.view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(config.store.views.list()).toEqual([outcome.ok && outcome.view]);
  });

  it('keeps views across a reopen of the file', () => {
    config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    config.reopen();
    expect(config.store.views.list().map((view) => view.pens)).toEqual([draft('x').pens]);
  });

  it('lists views by name regardless of case', () => {
    for (const name of ['compressor', 'Boiler', 'air'])
      config.store.views.saveView({ draft: draft(name), savedBy: 'a', now: 1 });
    expect(config.store.views.list().map((view) => view.name)).toEqual(['air', 'Boiler', 'compressor']);
  });

  it('replaces a view saved with its id, keeping when it was created', () => {
    const first = config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1_000 });
    if (!first.ok) throw new Error(first.message);
    const history = { kind: 'history', from: 10, to: 20 } as const;
    const again = config.store.views.saveView({
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
    expect(config.store.views.list()).toHaveLength(1);
  });

  it('refuses a second view with the same name in another case, naming the one that exists', () => {
    config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1 });
    expect(config.store.views.saveView({ draft: draft('pump 3'), savedBy: 'ben', now: 2 })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: 'a view named "Pump 3" already exists: save over it or choose another name',
    });
  });

  it('refuses to rename a view onto another view’s name', () => {
    config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'ana', now: 1 });
    const other = config.store.views.saveView({ draft: draft('Pump 4'), savedBy: 'ana', now: 1 });
    if (!other.ok) throw new Error(other.message);
    expect(
      config.store.views.saveView({ draft: draft('PUMP 3', { id: other.view.id }), savedBy: 'a', now: 2 }),
    ).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('refuses to update or delete a view that does not exist', () => {
    const unknown = '0b8c8f5e-0000-4000-8000-000000000000';
    expect(
      config.store.views.saveView({ draft: draft('x', { id: unknown }), savedBy: 'a', now: 1 }),
    ).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: expect.stringContaining(unknown),
    });
    expect(config.store.views.deleteView(unknown)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(config.store.views.list()).toEqual([]);
  });

  it('deletes a view, after which its name is free again', () => {
    const saved = config.store.views.saveView({ draft: draft('Pump 3'), savedBy: 'a', now: 1 });
    if (!saved.ok) throw new Error(saved.message);
    expect(config.store.views.deleteView(saved.view.id)).toEqual({ ok: true, id: saved.view.id });
    expect(config.store.views.list()).toEqual([]);
    expect(config.store.views.saveView({ draft: draft('pump 3'), savedBy: 'a', now: 2 }).ok).toBe(true);
  });

  it('skips and reports a stored row that no longer parses, and lists the others', () => {
    config.store.views.saveView({ draft: draft('good'), savedBy: 'a', now: 1 });
    config.corrupt(
      `INSERT INTO trend_views VALUES ('bad-json', 'b1', 'b1', '[{', '{}', 1, 1, 'x');
       INSERT INTO trend_views VALUES ('bad-axis', 'b2', 'b2', '[{"tag":"a/b/c","axis":{"min":5,"max":1}}]',
         '{"kind":"live","spanMs":60000}', 1, 1, 'x')`,
    );
    expect(config.store.views.list().map((view) => view.name)).toEqual(['good']);
    expect(config.badRows).toEqual([
      'saved view bad-json is not valid JSON (pens); passed over it',
      expect.stringMatching(
        /^saved view bad-axis does not parse \(pens\.0\.axis\.max: axis min must be below max\)/,
      ),
    ]);
  });
});
