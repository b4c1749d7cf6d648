import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../../electron/connectivity/json/compiledRules.js';
import {
  JsonMappingEngine,
  MAX_JSON_BYTES,
} from '../../../../../electron/connectivity/json/mappingEngine.js';
import { InputErrors } from '../../../../../electron/connectivity/inputErrors.js';
import type { IngestEvent } from '../../../../../electron/connectivity/ingestEvents.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { MappingRuleSchema, type MappingRuleDraft } from '../../../../../shared/jsonMapping.js';
import { Quality } from '../../../../../shared/quality.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function engineWith(...drafts: MappingRuleDraft[]) {
  const log = createMemoryLogger();
  const errors = new InputErrors(log);
  const unmatched: string[] = [];
  const engine = new JsonMappingEngine(
    errors,
    () => NOW,
    (topic) => unmatched.push(topic),
  );
  engine.setRules(
    drafts.map((draft, i) =>
      compileRule(MappingRuleSchema.parse({ id: `r${i}`, updatedMs: 0, savedBy: 't', ...draft })),
    ),
  );
  const handle = (topic: string, payload: unknown) =>
    engine.handle(topic, Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)));
  return { engine, errors, log, handle, unmatched };
}

function samples(events: IngestEvent[]) {
  return events.flatMap((event) => (event.kind === 'samples' ? event.samples : []));
}
function tags(events: IngestEvent[]) {
  return events.flatMap((event) => (event.kind === 'tags' ? event.tags : []));
}

const readingsRule: MappingRuleDraft = {
  name: 'gateway readings',
  topic: 'plant/{area}/{device}/telemetry',
  points: [
    {
      value: '$.readings[*].value',
      tag: '{$.readings[*].name}',
      unit: '{$.readings[*].unit}',
      timestamp: { path: '$.readings[*].t', format: 'auto' },
      quality: {
        path: '$.readings[*].q',
        map: { OK: 'good', SUSPECT: 'uncertain', FAIL: 'bad', '3': 'stale' },
      },
    },
  ],
};

describe('the JSON mapping engine', () => {
  it('reads many tags from an array, each named, timed and qualified by its sibling fields', () => {
    const { handle, errors } = engineWith(readingsRule);
    const events = handle('plant/north/gw1/telemetry', {
      readings: [
        { name: 'temp', value: 21.5, unit: '°C', t: '2026-01-01T00:00:00Z', q: 'OK' },
        { name: 'flow', value: 3, unit: 'm3/h', t: 1767225601, q: 'SUSPECT' },
        { name: 'level', value: 0.5, unit: 'm', t: 1767225602000, q: 'FAIL' },
        { name: 'speed', value: 7, unit: 'rpm', q: 3 },
      ],
    });
    expect(tags(events).map((t) => [t.id, t.unit, t.device])).toEqual([
      ['north/gw1/temp', '°C', 'north/gw1'],
      ['north/gw1/flow', 'm3/h', 'north/gw1'],
      ['north/gw1/level', 'm', 'north/gw1'],
      ['north/gw1/speed', 'rpm', 'north/gw1'],
    ]);
    expect(samples(events)).toEqual([
      { tag: 'north/gw1/temp', ts: Date.UTC(2026, 0, 1), value: 21.5, quality: Quality.Good },
      { tag: 'north/gw1/flow', ts: Date.UTC(2026, 0, 1) + 1000, value: 3, quality: Quality.Uncertain },
      {
        tag: 'north/gw1/level',
        ts: Date.UTC(2026, 0, 1) + 2000,
        value: 0.5,
        quality: Quality.BadSensorFailure,
      },
      { tag: 'north/gw1/speed', ts: NOW, value: 7, quality: Quality.UncertainNoCommunicationLastUsableValue },
    ]);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('reads nested objects, several points per rule, and member names as tag names', () => {
    const { handle } = engineWith({
      name: 'nested',
      topic: 'site/{device}',
      area: 'boilers',
      points: [
        { value: '$.status.pressure.value', tag: 'pressure', unit: 'bar' },
        { value: '$.temps.*', tag: 'temp/{key}', unit: '{$.meta.unit}' },
        { value: "$['odd name'][0]", tag: 'odd' },
      ],
    });
    const events = handle('site/b1', {
      status: { pressure: { value: 4.2 } },
      temps: { inlet: 60, outlet: 75 },
      meta: { unit: '°C' },
      'odd name': [9, 8],
    });
    expect(samples(events).map((s) => [s.tag, s.value])).toEqual([
      ['boilers/b1/pressure', 4.2],
      ['boilers/b1/temp/inlet', 60],
      ['boilers/b1/temp/outlet', 75],
      ['boilers/b1/odd', 9],
    ]);
    expect(tags(events).find((t) => t.id === 'boilers/b1/temp/inlet')).toMatchObject({
      unit: '°C',
      name: 'temp/inlet',
    });
  });

  it.each([
    ['iso', '2026-01-01T00:00:00.250Z', Date.UTC(2026, 0, 1) + 250],
    ['epoch_s', 1767225600.5, Date.UTC(2026, 0, 1) + 500],
    ['epoch_s', '1767225600', Date.UTC(2026, 0, 1)],
    ['epoch_ms', 1767225600000, Date.UTC(2026, 0, 1)],
    // Stated as ms, a small number is a time in 1970, not seconds.
    ['epoch_ms', 86_400_000, 86_400_000],
  ] as const)('reads a timestamp stated as %s: %j', (format, ts, expected) => {
    const { handle, errors } = engineWith({
      name: 'timed',
      topic: 'm/{area}/{device}',
      points: [{ value: '$.v', tag: 'x', timestamp: { path: '$.ts', format } }],
    });
    expect(samples(handle('m/a/d', { v: 1, ts }))).toMatchObject([{ ts: expected }]);
    expect(errors.snapshot().errorTotal).toBe(0);
  });

  it('uses the time of receipt for a timestamp of the wrong form, and counts it', () => {
    const { handle, errors } = engineWith({
      name: 'timed',
      topic: 'm/{area}/{device}',
      points: [{ value: '$.v', tag: 'x', timestamp: { path: '$.ts', format: 'iso' } }],
    });
    expect(samples(handle('m/a/d', { v: 1, ts: 1767225600 }))).toMatchObject([{ ts: NOW }]);
    expect(errors.snapshot().errors).toEqual({ 'json.bad_timestamp': 1 });
  });

  it('maps numeric quality through the table, then as OPC DA; an unknown one makes the value bad', () => {
    const { handle, errors } = engineWith({
      name: 'q',
      topic: 'q/{area}/{device}',
      points: [{ value: '$.v', tag: 'x', quality: { path: '$.q', map: { '1': 'good', '2': 0x80000000 } } }],
    });
    expect(samples(handle('q/a/d', { v: 1, q: 1 }))[0]?.quality).toBe(Quality.Good);
    expect(samples(handle('q/a/d', { v: 1, q: 2 }))[0]?.quality).toBe(Quality.Bad);
    expect(samples(handle('q/a/d', { v: 1, q: 64 }))[0]?.quality).toBe(Quality.Uncertain);
    expect(samples(handle('q/a/d', { v: 1, q: 'weird' }))).toEqual([
      { tag: 'a/d/x', ts: NOW, value: null, quality: Quality.BadTypeMismatch },
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.bad_field': 1 });
  });

  it('tries rules in order: the first whose topic matches wins', () => {
    const { handle } = engineWith(
      {
        name: 'specific',
        topic: 'plant/{area}/{device}/telemetry',
        points: [{ value: '$.a', tag: 'specific' }],
      },
      { name: 'general', topic: 'plant/{area}/{device}/#', points: [{ value: '$.a', tag: 'general' }] },
    );
    expect(samples(handle('plant/x/y/telemetry', { a: 1 }))[0]?.tag).toBe('x/y/specific');
    expect(samples(handle('plant/x/y/other', { a: 1 }))[0]?.tag).toBe('x/y/general');
  });

  it('sets the device freshness from the rule', () => {
    const { handle } = engineWith({ ...readingsRule, staleAfterMs: 60_000 });
    const [first] = handle('plant/n/g/telemetry', { readings: [{ name: 'a', value: 1 }] });
    expect(first).toMatchObject({ device: { id: 'n/g', area: 'n', protocol: 'json', staleAfterMs: 60_000 } });
  });

  it('reads an array payload when the rule indexes the root', () => {
    const { handle, errors } = engineWith({
      name: 'array root',
      topic: 'arr/{area}/{device}',
      points: [{ value: '$[*].v', tag: '{$[*].id}' }],
    });
    expect(
      samples(
        handle('arr/a/d', [
          { id: 7, v: 1 },
          { id: 8, v: 2 },
        ]),
      ).map((s) => s.tag),
    ).toEqual(['a/d/7', 'a/d/8']);
    expect(errors.snapshot().errorTotal).toBe(0);
  });
});

describe('the JSON mapping engine with bad input', () => {
  it.each([
    ['[1,2,3]', 'json.not_object'],
    ['"text"', 'json.not_object'],
    ['null', 'json.not_object'],
    ['{"readings":', 'json.invalid'],
    ['\u00ff\u00fe', 'json.invalid'],
    ['{"readings": []}', 'json.path_no_match'],
    ['{"readings": {"a": 1}}', 'json.path_no_match'],
  ])('counts %j as %s and produces nothing', (payload, cause) => {
    const { handle, errors } = engineWith(readingsRule);
    expect(handle('plant/a/d/telemetry', payload)).toEqual([]);
    expect(errors.snapshot().errors).toEqual({ [cause]: 1 });
  });

  it('refuses a 10 MB payload without reading it, and reads the next message', () => {
    const { handle, errors } = engineWith(readingsRule);
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x20);
    expect(handle('plant/a/d/telemetry', huge.toString())).toEqual([]);
    expect(errors.snapshot().errors).toEqual({ 'json.too_large': 1 });
    expect(errors.snapshot().lastError).toContain(`more than ${MAX_JSON_BYTES}`);
    expect(samples(handle('plant/a/d/telemetry', { readings: [{ name: 'a', value: 1 }] }))).toHaveLength(1);
  });

  it('makes derived tag names legal, and counts each change', () => {
    const { handle, errors } = engineWith(readingsRule);
    const events = handle('plant/a/d/telemetry', {
      readings: [
        { name: 'flow#1', value: 1 },
        { name: ' tank+2 / level ', value: 2 },
        { name: 'ctl\u0001x', value: 3 },
        { name: 'fine', value: 4 },
      ],
    });
    expect(samples(events).map((s) => s.tag)).toEqual([
      'a/d/flow_1',
      'a/d/tank_2/level',
      'a/d/ctl_x',
      'a/d/fine',
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.name_sanitised': 3 });
  });

  it('refuses a tag with no name or an over-long id, and keeps the others', () => {
    const { handle, errors } = engineWith(readingsRule);
    const events = handle('plant/a/d/telemetry', {
      readings: [
        { value: 1 },
        { name: ' / ', value: 2 },
        { name: 'x'.repeat(120) + '/' + 'y'.repeat(120) + '/z'.repeat(20), value: 3 },
        { name: { a: 1 }, value: 4 },
        { name: 'ok', value: 5 },
      ],
    });
    expect(samples(events).map((s) => s.tag)).toEqual(['a/d/ok']);
    expect(errors.snapshot().errors).toEqual({ 'json.no_tag_name': 2, 'json.bad_tag_name': 2 });
  });

  it('makes at most maxTagsPerMessage tags of one message and counts the rest', () => {
    const { handle, errors } = engineWith({ ...readingsRule, maxTagsPerMessage: 5 });
    const readings = Array.from({ length: 50 }, (_, i) => ({ name: `t${i}`, value: i }));
    expect(samples(handle('plant/a/d/telemetry', { readings }))).toHaveLength(5);
    expect(errors.snapshot().errors).toEqual({ 'json.too_many_tags': 1 });
  });

  it('counts the tags of later points past the budget too, once per message', () => {
    const { handle, errors } = engineWith({
      ...readingsRule,
      maxTagsPerMessage: 2,
      points: [...readingsRule.points, { value: '$.battery', tag: 'battery' }],
    });
    const readings = [
      { name: 'a', value: 1 },
      { name: 'b', value: 2 },
    ];
    expect(samples(handle('plant/a/d/telemetry', { readings, battery: 80 })).map((s) => s.tag)).toEqual([
      'a/d/a',
      'a/d/b',
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.too_many_tags': 1 });
  });

  it('records a value of the wrong kind in an array as bad, beside the good ones', () => {
    const { handle, errors } = engineWith(readingsRule);
    const events = handle('plant/a/d/telemetry', {
      readings: [
        { name: 'a', value: { nested: 1 } },
        { name: 'b', value: 2 },
      ],
    });
    expect(samples(events)).toEqual([
      { tag: 'a/d/a', ts: NOW, value: null, quality: Quality.BadTypeMismatch },
      { tag: 'a/d/b', ts: NOW, value: 2, quality: Quality.Good },
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.value_not_number': 1 });
  });

  it('hands a topic no rule matches to the fallback, counted', () => {
    const { handle, errors, unmatched } = engineWith(readingsRule);
    expect(handle('other/topic', { a: 1 })).toEqual([]);
    expect(unmatched).toEqual(['other/topic']);
    expect(errors.snapshot().errors).toEqual({ 'topic.unmapped': 1 });
  });

  it('never reads members of the prototype', () => {
    const { handle, errors } = engineWith({
      name: 'proto',
      topic: 'p/{area}/{device}',
      points: [
        { value: '$.constructor', tag: 'c' },
        { value: '$.__proto__.x', tag: 'p' },
      ],
    });
    expect(samples(handle('p/a/d', '{"__proto__": {"x": 5}}'))).toEqual([
      { tag: 'a/d/c', ts: NOW, value: null, quality: Quality.BadTypeMismatch },
      { tag: 'a/d/p', ts: NOW, value: 5, quality: Quality.Good },
    ]);
    expect(errors.snapshot().errors).toEqual({ 'json.value_not_number': 1 });
  });
});
