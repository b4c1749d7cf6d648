import { describe, expect, it } from 'vitest';
import {
  formChanged,
  formFromSettings,
  priorityEdited,
  settingsFromForm,
  spanWords,
  type AlarmSettingsForm,
} from '../../../../renderer/settings/alarmSettingsForm.js';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../../../shared/alarms.js';

const stored: AlarmSettings = {
  ackCommentRequired: { low: false, medium: true, high: true, critical: true },
  maxShelveMs: { low: 90 * 60_000, medium: 12 * 3_600_000, high: 2 * 86_400_000, critical: null },
  journalRetentionDays: 400,
};

function edit(form: AlarmSettingsForm, patch: Partial<AlarmSettingsForm['priorities']['high']>) {
  return { ...form, priorities: { ...form.priorities, high: { ...form.priorities.high, ...patch } } };
}

describe('the alarm settings form', () => {
  it('gives back the stored settings unchanged when nothing is edited', () => {
    expect(settingsFromForm(formFromSettings(stored))).toEqual({ ok: true, settings: stored });
    expect(settingsFromForm(formFromSettings(DEFAULT_ALARM_SETTINGS))).toEqual({
      ok: true,
      settings: DEFAULT_ALARM_SETTINGS,
    });
    expect(formChanged(formFromSettings(stored), stored)).toBe(false);
  });

  it('shows whole days in days, whole hours in hours, anything else in minutes, and no shelving as its own choice', () => {
    const form = formFromSettings(stored);
    expect(form.priorities.high).toEqual({ commentRequired: true, shelveAmount: '2', shelveUnit: 'd' });
    expect(form.priorities.medium).toEqual({ commentRequired: true, shelveAmount: '12', shelveUnit: 'h' });
    expect(form.priorities.low).toEqual({ commentRequired: false, shelveAmount: '90', shelveUnit: 'min' });
    expect(form.priorities.critical).toEqual({
      commentRequired: true,
      shelveAmount: '',
      shelveUnit: 'never',
    });
    expect(form.retentionDays).toBe('400');
  });

  it('turns a shelve limit typed in minutes, hours or days into milliseconds', () => {
    const form = formFromSettings(stored);
    const inMinutes = settingsFromForm(edit(form, { shelveAmount: ' 30 ', shelveUnit: 'min' }));
    expect(inMinutes.ok && inMinutes.settings.maxShelveMs.high).toBe(30 * 60_000);
    const inHours = settingsFromForm(edit(form, { shelveAmount: '1.5', shelveUnit: 'h' }));
    expect(inHours.ok && inHours.settings.maxShelveMs.high).toBe(90 * 60_000);
    const inDays = settingsFromForm(edit(form, { shelveAmount: '3', shelveUnit: 'd' }));
    expect(inDays.ok && inDays.settings.maxShelveMs.high).toBe(3 * 86_400_000);
    expect(formChanged(edit(form, { shelveAmount: '1.5', shelveUnit: 'h' }), stored)).toBe(true);
    expect(formChanged(edit(form, { shelveAmount: '48', shelveUnit: 'h' }), stored)).toBe(false);
  });

  it('forbids shelving a priority when "cannot be shelved" is chosen, whatever amount was typed', () => {
    const result = settingsFromForm(
      edit(formFromSettings(stored), { shelveAmount: '45', shelveUnit: 'never' }),
    );
    expect(result.ok && result.settings.maxShelveMs.high).toBeNull();
  });

  it("names every problem with the schema's bounds in the form's words", () => {
    const form = edit(formFromSettings(stored), { shelveAmount: '0.5', shelveUnit: 'min' });
    const tooLong = { ...form.priorities.low, shelveAmount: '31', shelveUnit: 'd' as const };
    const result = settingsFromForm({
      priorities: { ...form.priorities, low: tooLong },
      retentionDays: '0',
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        'High: longest shelve: at least 1 min',
        'Low: longest shelve: at most 30 days',
        'Journal kept for: at least 1 day',
      ],
    });
  });

  it('asks for numbers where the boxes hold none, and whole days for the journal', () => {
    const form = edit(formFromSettings(stored), { shelveAmount: '', shelveUnit: 'h' });
    expect(settingsFromForm({ ...form, retentionDays: 'a year' })).toEqual({
      ok: false,
      problems: ['High: longest shelve: give a number', 'Journal kept for: give a number'],
    });
    expect(settingsFromForm({ ...formFromSettings(stored), retentionDays: '36501' })).toEqual({
      ok: false,
      problems: ['Journal kept for: at most 36500 days'],
    });
    expect(settingsFromForm({ ...formFromSettings(stored), retentionDays: '30.5' })).toEqual({
      ok: false,
      problems: ['Journal kept for: a whole number of days'],
    });
    expect(formChanged({ ...formFromSettings(stored), retentionDays: '' }, stored)).toBe(true);
  });

  it('marks a priority edited only when what it says differs from what is in force', () => {
    const row = formFromSettings(stored).priorities.high;
    expect(priorityEdited(row, stored, 'high')).toBe(false);
    expect(priorityEdited({ ...row, shelveAmount: '48', shelveUnit: 'h' }, stored, 'high')).toBe(false);
    expect(priorityEdited({ ...row, shelveAmount: '47', shelveUnit: 'h' }, stored, 'high')).toBe(true);
    expect(priorityEdited({ ...row, shelveAmount: '', shelveUnit: 'h' }, stored, 'high')).toBe(true);
    expect(priorityEdited({ ...row, commentRequired: false }, stored, 'high')).toBe(true);
    const critical = formFromSettings(stored).priorities.critical;
    expect(priorityEdited({ ...critical, shelveAmount: '5' }, stored, 'critical')).toBe(false);
    expect(priorityEdited({ ...critical, shelveAmount: '5', shelveUnit: 'min' }, stored, 'critical')).toBe(
      true,
    );
  });

  it('says spans in days, hours or minutes', () => {
    expect(spanWords(30 * 86_400_000)).toBe('30 days');
    expect(spanWords(86_400_000)).toBe('1 day');
    expect(spanWords(8 * 3_600_000)).toBe('8 h');
    expect(spanWords(90 * 60_000)).toBe('90 min');
    expect(spanWords(90_500)).toBe('1.51 min');
  });
});
