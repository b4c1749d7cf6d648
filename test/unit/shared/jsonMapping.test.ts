import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../shared/errors.js';
import { MappingRuleDraftSchema } from '../../../shared/jsonMapping.js';
import { parsePath } from '../../../shared/jsonPath.js';
import { parseTemplate, parseTopicPattern, topicFilterOf } from '../../../shared/mappingSyntax.js';

const good = {
  name: 'readings',
  topic: 'plant/{area}/{device}/#',
  points: [{ value: '$.readings[*].value', tag: '{$.readings[*].name}' }],
};

function problems(draft: unknown): string[] {
  const parsed = MappingRuleDraftSchema.safeParse(draft);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('JSON paths', () => {
  it('read members, quoted names, indexes and wildcards', () => {
    const parsed = parsePath("$.a['b c'][2][*].*[-1]");
    expect(parsed).toEqual({
      ok: true,
      path: {
        steps: [
          { kind: 'member', name: 'a' },
          { kind: 'member', name: 'b c' },
          { kind: 'index', index: 2 },
          { kind: 'wildcard' },
          { kind: 'wildcard' },
          { kind: 'index', index: -1 },
        ],
        wildcards: 2,
        arrayRoot: false,
      },
    });
    expect(parsePath('$[*].v')).toMatchObject({ ok: true, path: { arrayRoot: true } });
  });

  it.each([
    ['value', 'starts with $'],
    ['$..value', 'expected a member name'],
    ['$.a[?(@.x)]', 'is not [*], an index or a quoted name'],
    ['$.a[', 'unclosed ['],
    ['$.a b', 'unexpected " "'],
    ['$' + '.a'.repeat(17), 'at most 16 steps'],
  ])('refuse %s, saying why', (path, why) => {
    const parsed = parsePath(path);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(why);
  });
});

describe('topic patterns and templates', () => {
  it('subscribe to the pattern with captures read as + and #', () => {
    const levels = parseTopicPattern('plant/{area}/+/{tag#}');
    expect(levels.ok && topicFilterOf(levels.value)).toBe('plant/+/+/#');
  });

  it.each([
    ['a/#/b', 'only be the last level'],
    ['a/{x}/{x}', 'captured twice'],
    ['a//b', 'no empty levels'],
    ['a/x{y}/b', 'mixes text'],
    ['a/{1x}', 'a capture name is a letter'],
  ])('refuse the pattern %s', (pattern, why) => {
    const parsed = parseTopicPattern(pattern);
    expect(!parsed.ok && parsed.error).toContain(why);
  });

  it('read templates with captures, paths with braces in quoted names, and keys', () => {
    const parsed = parseTemplate("{area}-{$['a}b']}/{key2}");
    expect(parsed.ok && parsed.value.map((p) => p.kind)).toEqual(['capture', 'text', 'path', 'text', 'key']);
    expect(parseTemplate('{oops').ok).toBe(false);
    expect(parseTemplate('a}').ok).toBe(false);
  });
});

describe('a mapping rule', () => {
  it('parses with defaults for area, device and the tag budget', () => {
    expect(MappingRuleDraftSchema.parse(good)).toMatchObject({
      area: '{area}',
      device: '{device}',
      maxTagsPerMessage: 1000,
    });
  });

  it('is refused with every problem named where it is', () => {
    expect(
      problems({
        name: ' ',
        topic: 'plant/{site}/#',
        points: [
          {
            value: '$.readings[*].value',
            tag: '{$.a[*].b[*].c}',
            timestamp: { path: '$.x[*][*]', format: 'sometimes' },
            quality: { path: 'q' },
          },
        ],
        maxTagsPerMessage: 1e6,
      }),
    ).toEqual([
      'name: a rule needs a name',
      expect.stringMatching(/^points\.0\.timestamp\.format: /),
      'points.0.quality.path: a path starts with $ (for example $.value)',
      expect.stringMatching(/^maxTagsPerMessage: /),
    ]);
    expect(problems({ ...good, topic: 'plant/{site}/#' })).toEqual([
      'area: {area} is not captured by the topic pattern plant/{site}/#',
      'device: {device} is not captured by the topic pattern plant/{site}/#',
    ]);
    expect(
      problems({
        ...good,
        device: '{$.gateways[*].id}',
        points: [{ value: '$.v', tag: '{key}', quality: { path: '$.q[*]' } }],
      }),
    ).toEqual([
      'device: {$.gateways[*].id}: no wildcards here (the value path has none, or this names the device)',
      'points.0.tag: {key}: the value path has 0 wildcard(s)',
      'points.0.quality: has more wildcards than the value path $.v',
    ]);
  });

  it('leaves Sparkplug B topics to the Sparkplug host', () => {
    expect(problems({ ...good, topic: 'spBv1.0/{area}/DDATA/{device}' })).toEqual([
      'topic: topics under spBv1.0/ are Sparkplug B, read by the Sparkplug host',
    ]);
  });

  it('may subscribe more broadly than its pattern, never more narrowly', () => {
    expect(problems({ ...good, subscribe: 'plant/#' })).toEqual([]);
    expect(problems({ ...good, subscribe: 'plant/+/x/#' })).toEqual([
      'subscribe: must take in every topic of the pattern (plant/+/+/#), like plant/#',
    ]);
    expect(problems({ ...good, subscribe: 'plant/#/x' })).toEqual([
      'subscribe: must be an MQTT topic filter like plant/+/status or plant/#',
    ]);
  });

  it('says in one line what the API answers', () => {
    const parsed = MappingRuleDraftSchema.safeParse({ ...good, points: [] });
    expect(!parsed.success && describeZodError(parsed.error)).toBe('points: a rule needs at least one point');
  });
});
