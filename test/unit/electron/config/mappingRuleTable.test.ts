import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { shippedRules } from '../../../../electron/connectivity/json/shippedRules.js';
import type { MappingRuleDraft } from '../../../../shared/jsonMapping.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

const draft = (name: string, extra: Partial<MappingRuleDraft> = {}): MappingRuleDraft => ({
  name,
  topic: `${name}/{area}/{device}`,
  points: [{ value: '$.v', tag: 'v' }],
  ...extra,
});

describe('the mapping rules in config.db', () => {
  const config = useConfigStore();

  const names = () => config.store.mappings.list().rules.map((rule) => rule.name);
  const save = (d: MappingRuleDraft, position?: number) => {
    const outcome = config.store.mappings.saveRule({ draft: d, position, savedBy: 'eng', now: 1000 });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.rule;
  };

  it('stores the shipped rules on the first start only, so deleting them holds', () => {
    const seeded = config.store.mappings.seedShipped(shippedRules('factory'));
    expect(seeded.rules.map((rule) => rule.topic)).toEqual(['factory/{area}/{device}/{tag#}']);
    expect(config.store.mappings.deleteRule('shipped-1')).toEqual({ ok: true, id: 'shipped-1' });
    config.reopen();
    expect(config.store.mappings.seedShipped(shippedRules('factory')).rules).toEqual([]);
  });

  it('keeps rules in the order they are tried, placed where saved, across a restart', () => {
    save(draft('a'));
    const b = save(draft('b'));
    save(draft('c'), 0);
    expect(names()).toEqual(['c', 'a', 'b']);
    save({ ...draft('b2'), id: b.id }, 0);
    expect(names()).toEqual(['b2', 'c', 'a']);
    save({ ...draft('a2'), id: config.store.mappings.list().rules[2]!.id });
    config.reopen();
    expect(names()).toEqual(['b2', 'c', 'a2']);
    expect(config.store.mappings.list().rules[0]).toMatchObject({
      savedBy: 'eng',
      updatedMs: 1000,
      area: '{area}',
    });
  });

  it('refuses to replace or delete a rule that is not there', () => {
    expect(
      config.store.mappings.saveRule({ draft: { ...draft('x'), id: 'gone' }, savedBy: 'e', now: 1 }),
    ).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(config.store.mappings.deleteRule('gone')).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('keeps the fallback', () => {
    expect(config.store.mappings.list().fallback).toEqual({ action: 'ignore' });
    config.store.mappings.setFallback({ action: 'capture', filter: 'plant/#' });
    config.reopen();
    expect(config.store.mappings.list().fallback).toEqual({ action: 'capture', filter: 'plant/#' });
  });

  it('skips a rule that no longer parses and says so, keeping the others', () => {
    save(draft('a'));
    const db = new Database(config.path);
    db.prepare("INSERT INTO json_mapping_rules VALUES ('bad', 5, '{\"name\":\"x\"}', 0, 'hand')").run();
    db.prepare("INSERT INTO json_mapping_rules VALUES ('worse', 6, 'not json', 0, 'hand')").run();
    db.close();
    expect(names()).toEqual(['a']);
    expect(config.badRows).toEqual([
      expect.stringMatching(/^mapping rule bad does not parse \(topic: /),
      'mapping rule worse is not valid JSON (rule); passed over it',
    ]);
  });

  it('reports a stored fallback that is not JSON or no longer parses, and ignores unmatched topics instead', () => {
    config.store.mappings.setFallback({ action: 'capture', filter: 'plant/#' });
    const db = new Database(config.path);
    const setRaw = db.prepare("UPDATE json_mapping_settings SET value = ? WHERE key = 'fallback'");
    setRaw.run('{"action":');
    expect(config.store.mappings.list().fallback).toEqual({ action: 'ignore' });
    setRaw.run('{"action":"explode"}');
    expect(config.store.mappings.list().fallback).toEqual({ action: 'ignore' });
    db.close();
    expect(config.badRows).toEqual([
      'the JSON mapping fallback is not valid JSON; passed over it; topics no rule matches are ignored',
      expect.stringMatching(
        /^the JSON mapping fallback does not parse \(.+\); passed over it; topics no rule matches are ignored$/,
      ),
    ]);
  });
});
