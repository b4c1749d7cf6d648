import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTopicLevel,
  encodeTopicLevel,
  SyncTopics,
} from '../../../../../electron/alarms/sync/topics.js';
import { filterMatches } from '../../../../../shared/topicFilters.js';

describe('alarm sync topics', () => {
  const topics = new SyncTopics('north-plant');

  it('puts an alarm id with slashes and # in one topic level that the filter matches', () => {
    const topic = topics.state('line1/pump3/vibration#level');
    expect(topic).toBe('watchkeeper/alarms/v1/north-plant/state/line1%2Fpump3%2Fvibration%23level');
    expect(filterMatches(topics.filter, topic)).toBe(true);
    expect(filterMatches('watchkeeper/alarms/v1/north-plant/state/+', topic)).toBe(true);
    expect(topics.parse(topic)).toEqual({ kind: 'state', alarm: 'line1/pump3/vibration#level' });
  });

  it('names each station on its own action topic', () => {
    expect(topics.parse(topics.action('desk-2.control'))).toEqual({
      kind: 'action',
      station: 'desk-2.control',
    });
  });

  it('encodes every name to one non-empty level without wildcards, NUL or a leading $, and back', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), (name) => {
        const level = encodeTopicLevel(name);
        expect(level).not.toBe('');
        expect(level).not.toMatch(/[/+#\0$]/);
        expect(decodeTopicLevel(level)).toBe(name);
      }),
    );
  });

  it('refuses levels it would not have written: other spellings, broken escapes, empty', () => {
    expect(decodeTopicLevel('line1%2fpump')).toBeNull(); // lower-case hex
    expect(decodeTopicLevel('a%41')).toBeNull(); // an escaped letter
    expect(decodeTopicLevel('%E2%82')).toBeNull(); // half a UTF-8 character
    expect(decodeTopicLevel('50%')).toBeNull();
    expect(decodeTopicLevel('')).toBeNull();
    expect(() => encodeTopicLevel('')).toThrow();
  });

  it('reads nothing from other sites, other kinds, deeper or shallower topics', () => {
    expect(topics.parse('watchkeeper/alarms/v1/south/state/a%23level')).toBeNull();
    expect(topics.parse('watchkeeper/alarms/v1/north-plant/other/a%23level')).toBeNull();
    expect(topics.parse('watchkeeper/alarms/v1/north-plant/state/a/b')).toBeNull();
    expect(topics.parse('watchkeeper/alarms/v1/north-plant/state')).toBeNull();
    expect(topics.parse('watchkeeper/alarms/v1/north-plant-2/state/x')).toBeNull();
  });
});
