import { describe, expect, it } from 'vitest';
import { checkRuleText, NEW_RULE, ruleToText } from '../../../renderer/mappings/ruleText.js';
import { suggestRule } from '../../../renderer/mappings/suggestRule.js';
import { MappingRuleDraftSchema } from '../../../shared/jsonMapping.js';

describe('the rule editor text', () => {
  it('accepts the starting rule, and round-trips a stored one without its bookkeeping', () => {
    expect(checkRuleText(JSON.stringify(NEW_RULE))).toMatchObject({ ok: true });
    const text = ruleToText({
      ...MappingRuleDraftSchema.parse(NEW_RULE),
      id: 'r1',
      updatedMs: 5,
      savedBy: 'me',
    });
    expect(JSON.parse(text)).not.toHaveProperty('savedBy');
    expect(checkRuleText(text)).toMatchObject({ ok: true, draft: { id: 'r1' } });
  });

  it('lists every problem, each where it is', () => {
    expect(checkRuleText('{"name": ')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not JSON: /)],
    });
    expect(
      checkRuleText(JSON.stringify({ name: 'x', topic: 'a/{b}', points: [{ value: 'v', tag: '{c}' }] })),
    ).toEqual({
      ok: false,
      problems: [
        'points.0.value: a path starts with $ (for example $.value)',
        'area: {area} is not captured by the topic pattern a/{b}',
        'device: {device} is not captured by the topic pattern a/{b}',
        'points.0.tag: {c} is not captured by the topic pattern a/{b}',
      ],
    });
  });
});

describe('a rule suggested from an unmapped message', () => {
  it('reads an array of named readings with their time, quality and unit', () => {
    const rule = suggestRule(
      'plant/north/gw1/telemetry',
      JSON.stringify({ readings: [{ name: 'a', value: 1, t: 0, status: 'OK', unit: 'V' }] }),
    );
    expect(rule).toEqual({
      name: 'From plant/north/gw1/telemetry',
      topic: 'plant/{area}/{device}/telemetry',
      points: [
        {
          value: '$.readings[*].value',
          tag: '{$.readings[*].name}',
          timestamp: { path: '$.readings[*].t', format: 'auto' },
          quality: { path: '$.readings[*].status' },
          unit: '{$.readings[*].unit}',
        },
      ],
    });
    expect(MappingRuleDraftSchema.safeParse(rule).success).toBe(true);
  });

  it('makes a point of each number in a nested object, named by its place', () => {
    const rule = suggestRule(
      'boiler7',
      JSON.stringify({ ts: 1, env: { 'temp °C': 20, ok: true }, label: 'x' }),
    );
    expect(rule).toMatchObject({
      topic: 'boiler7',
      area: 'site',
      device: 'boiler7',
      points: [
        { value: '$.env["temp °C"]', tag: 'env/temp °C', timestamp: { path: '$.ts' } },
        { value: '$.env.ok', tag: 'env/ok' },
      ],
    });
    expect(MappingRuleDraftSchema.safeParse(rule).success).toBe(true);
  });

  it('still suggests a valid rule for a payload that is not JSON, or a topic with wildcards', () => {
    const rule = suggestRule('a/+/#/{x}', 'garbage');
    expect(rule.topic).toBe('a/{area}/{device}/_x_');
    expect(MappingRuleDraftSchema.safeParse(rule).success).toBe(true);
  });
});
