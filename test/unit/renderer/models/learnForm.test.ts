import { describe, expect, it } from 'vitest';
import {
  addTag,
  defaultOutputTag,
  emptyLearnForm,
  filterTags,
  learnPeriod,
  MAX_LEARN_TAGS,
  parseLearnForm,
  type LearnForm,
} from '../../../../renderer/models/learnForm.js';
import { toLocalDateTime } from '../../../../renderer/trend/rangeInput.js';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const form = (patch: Partial<LearnForm> = {}): LearnForm => ({
  ...emptyLearnForm(toLocalDateTime(NOW - 3_600_000), toLocalDateTime(NOW - 60_000)),
  id: 'pump1-normal',
  tags: ['line1/pump1/vibration', 'line1/pump1/flow'],
  ...patch,
});

describe('the Learn normal form', () => {
  it('makes the params of models.learnNormal, the period a preset ending now', () => {
    const parsed = parseLearnForm(form({ preset: String(5 * 60_000) }), NOW);
    expect(parsed).toEqual({
      ok: true,
      params: {
        id: 'pump1-normal',
        tags: ['line1/pump1/vibration', 'line1/pump1/flow'],
        from: NOW - 5 * 60_000,
        to: NOW,
        stepMs: 1000,
        variance: 0.95,
        baseVersion: 0,
        output: {
          tag: 'learned/pump1-normal/score',
          description: 'Anomaly score of pump1-normal',
          unit: '',
          engLow: null,
          engHigh: null,
        },
      },
    });
  });

  it('takes a custom from–to and a named score tag', () => {
    const parsed = parseLearnForm(form({ preset: 'custom', outputTag: ' line1/pump1/normality ' }), NOW);
    expect(parsed.ok && parsed.params.from).toBe(NOW - 3_600_000 - (NOW % 60_000));
    expect(parsed.ok && parsed.params.to).toBe(NOW - 60_000);
    expect(parsed.ok && parsed.params.output.tag).toBe('line1/pump1/normality');
  });

  it('says what is wrong in the schema’s words: too few tags, a bad name, a bad step', () => {
    const parsed = parseLearnForm(form({ tags: ['line1/pump1/flow'], id: 'no spaces', stepMs: '5' }), NOW);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.some((p) => p.startsWith('tags:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('id:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('stepMs:'))).toBe(true);
    expect(parseLearnForm(form({ stepMs: '' }), NOW).ok).toBe(false);
  });

  it('refuses a custom period that ends before it starts, or in the future', () => {
    const backwards = form({
      preset: 'custom',
      fromText: toLocalDateTime(NOW - 60_000),
      toText: toLocalDateTime(NOW - 3_600_000),
    });
    expect(learnPeriod(backwards, NOW).ok).toBe(false);
    const parsed = parseLearnForm(backwards, NOW);
    expect(!parsed.ok && parsed.problems[0]).toMatch(/^period: /);
    expect(parseLearnForm(form({ preset: 'custom', fromText: 'soon' }), NOW).ok).toBe(false);
  });

  it('offers tags matching every word of the filter, not those chosen, a limited number', () => {
    const ids = ['line1/pump1/flow', 'line1/pump1/vibration', 'line1/pump2/vibration', 'line2/tank/level'];
    expect(filterTags(ids, 'PUMP vib', [])).toEqual({
      shown: ['line1/pump1/vibration', 'line1/pump2/vibration'],
      more: 0,
    });
    expect(filterTags(ids, '', ['line1/pump1/flow'], 2)).toEqual({
      shown: ['line1/pump1/vibration', 'line1/pump2/vibration'],
      more: 1,
    });
  });

  it('adds a tag once, and no more than the contract allows', () => {
    expect(addTag(['a/b'], 'a/b')).toEqual(['a/b']);
    expect(addTag(['a/b'], 'a/c')).toEqual(['a/b', 'a/c']);
    const full = Array.from({ length: MAX_LEARN_TAGS }, (_, i) => `t/${i}`);
    expect(addTag(full, 't/new')).toHaveLength(MAX_LEARN_TAGS);
    expect(defaultOutputTag('')).toBe('learned/…/score');
  });
});
