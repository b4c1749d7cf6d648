import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../../electron/config/configDb.js';
import { InputErrors } from '../../../../../electron/connectivity/inputErrors.js';
import { JsonMappings } from '../../../../../electron/connectivity/json/jsonMappings.js';
import { shippedRules } from '../../../../../electron/connectivity/json/shippedRules.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import {
  MAX_CAPTURED_TOPICS,
  MAX_CAPTURE_BYTES,
  type MappingRuleDraft,
} from '../../../../../shared/jsonMapping.js';
import { Quality } from '../../../../../shared/quality.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

const NOW = Date.UTC(2026, 0, 1);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

const gatewayRule: MappingRuleDraft = {
  name: 'gateways',
  topic: 'plant/{area}/{device}/telemetry',
  points: [{ value: '$.readings[*].value', tag: '{$.readings[*].name}', unit: '{$.readings[*].unit}' }],
};

describe('the JSON mappings service', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: ConfigDb;
  let mappings: JsonMappings;
  let errors: InputErrors;
  const filterChanges: string[][] = [];

  beforeEach(async () => {
    dir = makeTempDir();
    const log = createMemoryLogger();
    db = new ConfigDb({ path: `${dir.path}/config.db`, log });
    await db.start();
    errors = new InputErrors(log);
    mappings = new JsonMappings({
      store: db,
      errors,
      log,
      shipped: () => shippedRules('factory'),
      now: () => NOW,
    });
    filterChanges.length = 0;
    mappings.onTopicFiltersChanged((filters) => filterChanges.push(filters));
    await mappings.start();
  });
  afterEach(async () => {
    mappings.stop();
    await db.stop();
    dir.remove();
  });

  it('starts with the shipped rule and reads the demo plant', () => {
    expect(mappings.topicFilters()).toEqual(['factory/#']);
    const events = mappings.handle('factory/line1/pump3/flow', json({ value: 3.5, unit: 'm3/h' }));
    expect(events.map((e) => e.kind)).toEqual(['tags', 'samples']);
  });

  it('applies a saved rule at once and tells the site client its topics', async () => {
    expect(mappings.handle('plant/n/gw/telemetry', json({ readings: [{ name: 'a', value: 1 }] }))).toEqual(
      [],
    );
    const saved = await mappings.save(gatewayRule, 0, 'eng');
    expect(saved.ok).toBe(true);
    expect(filterChanges.at(-1)).toEqual(['plant/+/+/telemetry', 'factory/#']);
    const events = mappings.handle(
      'plant/n/gw/telemetry',
      json({ readings: [{ name: 'a', value: 1, unit: 'V' }] }),
    );
    expect(events.at(-1)).toMatchObject({ kind: 'samples', samples: [{ tag: 'n/gw/a', value: 1 }] });
    if (saved.ok) await mappings.delete(saved.rule.id);
    expect(filterChanges.at(-1)).toEqual(['factory/#']);
    expect(mappings.list().rules.map((rule) => rule.id)).toEqual(['shipped-1']);
  });

  it('captures topics no rule matches when asked to: bounded, newest kept, counted', async () => {
    mappings.handle('loose/ignored', json({ a: 1 }));
    expect(mappings.list().unmapped).toEqual([]);
    await mappings.setFallback({ action: 'capture', filter: '#' });
    expect(filterChanges.at(-1)).toEqual(['#']);
    for (let i = 0; i < MAX_CAPTURED_TOPICS + 20; i++) mappings.handle(`loose/${i}`, json({ i }));
    mappings.handle('loose/big', Buffer.alloc(MAX_CAPTURE_BYTES * 3, 0x61));
    mappings.handle('loose/big', Buffer.from('{"again":true}'));
    const { unmapped, unmappedEvicted } = mappings.list();
    expect(unmapped).toHaveLength(MAX_CAPTURED_TOPICS);
    expect(unmappedEvicted).toBe(21);
    expect(unmapped[0]).toEqual({
      topic: 'loose/big',
      payload: '{"again":true}',
      truncated: false,
      bytes: 14,
      count: 2,
      lastMs: NOW,
    });
    expect(unmapped[1]).toMatchObject({ topic: `loose/${MAX_CAPTURED_TOPICS + 19}` });
    expect(errors.snapshot().errors['topic.unmapped']).toBe(MAX_CAPTURED_TOPICS + 23);
    await mappings.setFallback({ action: 'ignore' });
    expect(mappings.list().unmapped).toEqual([]);
  });

  it('keeps a capture truncated to its bound and says so', async () => {
    await mappings.setFallback({ action: 'capture', filter: 'loose/#' });
    mappings.handle('loose/big', Buffer.alloc(MAX_CAPTURE_BYTES * 3, 0x61));
    expect(mappings.list().unmapped[0]).toMatchObject({ truncated: true, bytes: MAX_CAPTURE_BYTES * 3 });
    expect(mappings.list().unmapped[0]?.payload).toHaveLength(MAX_CAPTURE_BYTES);
  });

  it('hands the next message on a topic to whoever waits, subscribing only meanwhile', async () => {
    const next = mappings.captureNext('probe/+', 10_000);
    expect(filterChanges.at(-1)).toEqual(['factory/#', 'probe/+']);
    expect(mappings.handle('probe/x', json({ hello: 1 }))).toEqual([]);
    expect(await next).toEqual({ topic: 'probe/x', payload: '{"hello":1}', truncated: false, bytes: 11 });
    expect(filterChanges.at(-1)).toEqual(['factory/#']);
    expect(errors.snapshot().errorTotal).toBe(0);
    expect(await mappings.captureNext('probe/+', 100)).toBeNull();
  });

  it('previews a payload under a draft rule without touching the counts', () => {
    const preview = mappings.preview(
      'plant/n/gw/telemetry',
      JSON.stringify({
        readings: [{ name: 'a', value: 1, unit: 'V' }, { name: 'b', value: 'x' }, { value: 2 }],
      }),
      gatewayRule,
    );
    expect(preview).toEqual({
      rule: 'draft',
      tags: [
        {
          id: 'n/gw/a',
          device: 'n/gw',
          value: 1,
          ts: NOW,
          quality: Quality.Good,
          unit: 'V',
          dataType: 'number',
        },
        {
          id: 'n/gw/b',
          device: 'n/gw',
          value: 'x',
          ts: NOW,
          quality: Quality.Good,
          unit: '',
          dataType: 'string',
        },
      ],
      problems: [
        { cause: 'json.no_tag_name', detail: expect.stringContaining('{$.readings[*].name} has no value') },
      ],
    });
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('says exactly why a topic matches no rule', () => {
    expect(mappings.preview('factory/line1', '{"value":1}', undefined)).toEqual({
      rule: null,
      tags: [],
      problems: [
        {
          cause: 'topic.unmapped',
          detail:
            'rule "factory/<area>/<device>/<tag>, one value per message" (factory/{area}/{device}/{tag#}): the topic has 2 levels; the pattern needs at least 3',
        },
      ],
    });
    expect(mappings.preview('plant/a/b/c', '{}', undefined).problems[0]?.detail).toContain(
      'level 1 is "plant" where the pattern has "factory"',
    );
  });
});
