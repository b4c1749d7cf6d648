import { describe, expect, it } from 'vitest';
import { describeSettingsChange, shelveWords } from '../../../../renderer/settings/settingsChanges.js';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../../../shared/alarms.js';

const changed: AlarmSettings = {
  ...DEFAULT_ALARM_SETTINGS,
  ackCommentRequired: { ...DEFAULT_ALARM_SETTINGS.ackCommentRequired, high: true },
  maxShelveMs: { ...DEFAULT_ALARM_SETTINGS.maxShelveMs, high: 30 * 60_000, critical: 3_600_000 },
  journalRetentionDays: 365,
};

describe('what a version of the alarm settings changed', () => {
  it('lists each changed setting, most urgent priority first, against the defaults for the first version', () => {
    expect(describeSettingsChange(null, changed)).toEqual([
      'Critical: shelve cannot be shelved → at most 1 h',
      'High: ack comment not required → required',
      'High: shelve at most 8 h → at most 30 min',
      'Journal kept for 1095 → 365 days',
    ]);
  });

  it('compares with the version before, and says when nothing changed', () => {
    const next = { ...changed, maxShelveMs: { ...changed.maxShelveMs, low: null } };
    expect(describeSettingsChange(changed, next)).toEqual(['Low: shelve at most 7 days → cannot be shelved']);
    expect(describeSettingsChange(changed, changed)).toEqual(['no change']);
  });

  it('says a shelve limit in words', () => {
    expect(shelveWords(null)).toBe('cannot be shelved');
    expect(shelveWords(86_400_000)).toBe('at most 1 day');
  });
});
