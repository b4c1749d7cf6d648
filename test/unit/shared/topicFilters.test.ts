import { describe, expect, it } from 'vitest';
import { coveringFilters, filterMatches } from '../../../shared/topicFilters.js';

describe('topic filters', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['a/+', 'a/b/c', false],
    ['#', 'x/y', true],
    ['a/b', 'a/b/c', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(filterMatches(filter, topic)).toBe(expected);
  });

  it('keep only the filters no other covers, so no message is delivered twice', () => {
    expect(coveringFilters(['plant/+/+/#', 'plant/#', 'other/x', 'plant/#', 'other/+'])).toEqual([
      'plant/#',
      'other/+',
    ]);
    expect(coveringFilters(['a/+/c', 'a/b/+'])).toEqual(['a/+/c', 'a/b/+']);
    expect(coveringFilters(['factory/#', '#'])).toEqual(['#']);
  });
});
