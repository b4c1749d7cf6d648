import { describe, expect, it } from 'vitest';
import type { SaveItemConfigRequest } from '../../../../electron/config/types.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

const TAG = 'line1/pump3/flow';
const save = (extra: Partial<SaveItemConfigRequest>): SaveItemConfigRequest => ({
  kind: 'tag',
  id: TAG,
  config: { unit: 'm³/h' },
  baseVersion: 0,
  changedBy: 'erin',
  now: 1_000,
  ...extra,
});

describe('configured tags and devices in config.db', () => {
  const config = useConfigStore();

  it('keeps every change as a version with who, when, before and after, across a reopen', () => {
    expect(config.store.items.saveConfig(save({}))).toEqual({
      ok: true,
      version: 1,
      config: { unit: 'm³/h' },
    });
    const second = { unit: 'l/s', engRange: { low: 0, high: 40 } };
    expect(
      config.store.items.saveConfig(save({ config: second, baseVersion: 1, changedBy: 'sam', now: 2_000 })),
    ).toMatchObject({ ok: true, version: 2 });
    config.reopen();
    expect(config.store.items.list('tag')).toEqual([{ id: TAG, version: 2, config: second }]);
    expect(config.store.items.list('device')).toEqual([]);
    expect(config.store.items.versions('tag', TAG, 10)).toEqual([
      { version: 2, changedMs: 2_000, changedBy: 'sam', before: { unit: 'm³/h' }, after: second },
      { version: 1, changedMs: 1_000, changedBy: 'erin', before: null, after: { unit: 'm³/h' } },
    ]);
  });

  it('refuses an edit made from an older version, and stores nothing for it', () => {
    config.store.items.saveConfig(save({}));
    const stale = config.store.items.saveConfig(save({ config: { unit: 'bar' }, baseVersion: 0 }));
    expect(stale).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(config.store.items.list('tag')[0]?.config).toEqual({ unit: 'm³/h' });
    expect(config.store.items.versions('tag', TAG, 10)).toHaveLength(1);
  });

  it('adds no version when what is saved is already in force', () => {
    config.store.items.saveConfig(save({}));
    expect(config.store.items.saveConfig(save({ baseVersion: 1 }))).toMatchObject({ ok: true, version: 1 });
    expect(config.store.items.versions('tag', TAG, 10)).toHaveLength(1);
  });

  it('skips and reports a stored configuration that no longer parses, keeping the others', () => {
    config.store.items.saveConfig(save({}));
    config.store.items.saveConfig(
      save({ kind: 'device', id: 'line1/pump3', config: { staleAfterMs: 5_000 } }),
    );
    config.corrupt("UPDATE item_config SET config = '{\"unit\": 5}' WHERE kind = 'tag'");
    expect(config.store.items.list('tag')).toEqual([]);
    expect(config.store.items.list('device')).toEqual([
      { id: 'line1/pump3', version: 1, config: { staleAfterMs: 5_000 } },
    ]);
    expect(config.badRows.join('\n')).toMatch(/tag configuration of line1\/pump3\/flow does not parse/);
  });

  it('passes over and reports a configuration or version that is not JSON, listing the rest of the history', () => {
    config.store.items.saveConfig(save({}));
    config.store.items.saveConfig(save({ config: { unit: 'l/s' }, baseVersion: 1, now: 2_000 }));
    config.store.items.saveConfig(save({ config: { unit: 'bar' }, baseVersion: 2, now: 3_000 }));
    config.corrupt(
      `UPDATE item_config SET config = '{"unit":' WHERE kind = 'tag';
       UPDATE item_config_versions SET after = 'not json' WHERE version = 3;
       UPDATE item_config_versions SET before = '[' WHERE version = 2`,
    );
    expect(config.store.items.list('tag')).toEqual([]);
    expect(config.store.items.versions('tag', TAG, 10)).toEqual([
      { version: 2, changedMs: 2_000, changedBy: 'erin', before: null, after: { unit: 'l/s' } },
      { version: 1, changedMs: 1_000, changedBy: 'erin', before: null, after: { unit: 'm³/h' } },
    ]);
    expect(config.badRows).toEqual([
      `tag configuration of ${TAG} is not valid JSON; passed over it`,
      `tag configuration of ${TAG} is not valid JSON; passed over it`,
      `tag configuration of ${TAG} is not valid JSON; passed over it`,
    ]);
  });
});
