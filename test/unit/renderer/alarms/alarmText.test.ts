import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import {
  formatAlarmLimit,
  formatAlarmValue,
  hiddenBy,
  remainingText,
} from '../../../../renderer/alarms/alarmText.js';
import { alarm } from './alarmFixtures.js';

const by = { user: 'erin', station: 'ws1', atMs: 0, comment: 'sensor work' };

describe('alarm text', () => {
  it('shows the value with its unit, and says when it is bad or the alarm frozen', () => {
    expect(formatAlarmValue(alarm('a/b/c#level', { value: 12.345 }))).toEqual({
      text: '12.3 bar',
      badge: null,
    });
    expect(formatAlarmValue(alarm('a/b/c#level', { value: null, quality: Quality.Bad }))).toEqual({
      text: '—',
      badge: 'BAD',
    });
    expect(formatAlarmValue(alarm('a/b/c#level', { frozen: true })).badge).toBe('FROZEN');
    expect(formatAlarmValue(alarm('a/b/c#discrete', { value: 'Tripped', unit: undefined })).text).toBe(
      'Tripped',
    );
  });

  it('names the limit with its level', () => {
    expect(formatAlarmLimit(alarm('a/b/c#level', { limit: 80, level: 'HH', unit: '°C' }))).toBe('HH 80.0 °C');
    expect(formatAlarmLimit(alarm('a/b/c#badQuality', { limit: null, level: null }))).toBe('');
  });

  it('counts a timed shelve down, and says what ends the others', () => {
    const timed = alarm('a/b/c#level', { shelved: { ...by, mode: 'timed', untilMs: 3_600_000 } });
    expect(remainingText(timed, 1_000)).toBe('59 min 59 s left');
    expect(remainingText(timed, 5_000_000)).toBe('expiring now');
    const oneShot = alarm('a/b/c#level', { shelved: { ...by, mode: 'oneShot', untilMs: null } });
    expect(remainingText(oneShot, 0)).toBe('until it next returns to normal');
    expect(remainingText(alarm('a/b/c#level', { outOfService: by }), 0)).toBe('until returned to service');
    expect(remainingText(alarm('a/b/c#level', { suppressed: true }), 0)).toBe('while its condition holds');
  });

  it('says who hid an alarm, when and why', () => {
    expect(hiddenBy(alarm('a/b/c#level', { outOfService: by }), 120_000)).toBe(
      'erin, 2 min ago: sensor work',
    );
    expect(hiddenBy(alarm('a/b/c#level', { suppressed: true }), 0)).toBe('by design');
  });
});
