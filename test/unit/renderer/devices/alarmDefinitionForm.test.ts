import { describe, expect, it } from 'vitest';
import type { AlarmDefinition } from '../../../../shared/alarmDefinitions.js';
import {
  alarmsFormFromDefinitions,
  formatConditionValue,
  parseConditionValue,
  splitList,
} from '../../../../renderer/devices/alarmDefinitionForm.js';
import { configFromForm, formFromConfig } from '../../../../renderer/devices/tagConfigForm.js';

/** One of every family, with every option an alarm can have. */
const EVERY_FAMILY: AlarmDefinition[] = [
  {
    kind: 'LL',
    value: 1,
    deadband: 0.1,
    priority: 'critical',
    message: 'Tank empty',
    onDelayMs: 5_000,
    offDelayMs: 2_500,
    reAlarmMs: 600_000,
    latching: true,
    suppressWhen: { tag: 'line1/pump1/running', op: 'eq', value: false },
  },
  { kind: 'H', value: 90, deadband: 2, priority: 'high', onDelayMs: 1 },
  {
    kind: 'deviation',
    setpointTag: 'line1/tank1/level_sp',
    value: 5,
    deadband: 0.5,
    priority: 'medium',
    suppressWhen: { tag: 'line1/mode', op: 'ne', value: 'AUTO' },
  },
  { kind: 'rateOfChange', value: 0.25, deadband: 0.05, windowMs: 30_000, priority: 'low' },
  {
    kind: 'discrete',
    states: [true, 3, 'fault', '4', 'tripped, hard', ' spaced'],
    priority: 'high',
    latching: true,
  },
  { kind: 'badQuality', priority: 'low', message: 'Level transmitter lost', offDelayMs: 10_000 },
];

describe('the tag editor’s alarm definitions', () => {
  it('give back every family exactly as stored, options and all', () => {
    const config = { unit: '%', engRange: { low: 0, high: 100 }, alarms: EVERY_FAMILY };
    expect(configFromForm(formFromConfig(config))).toEqual({ ok: true, config });
  });

  it('keep every definition through an edit of another field, shown or not', () => {
    const form = formFromConfig({ alarms: EVERY_FAMILY });
    const result = configFromForm({ ...form, description: 'Tank 1 level' });
    expect(result).toEqual({ ok: true, config: { description: 'Tank 1 level', alarms: EVERY_FAMILY } });
  });

  it('add a deviation alarm from its fields, times typed in seconds', () => {
    const form = formFromConfig({});
    form.alarms.deviation = {
      ...form.alarms.deviation,
      enabled: true,
      setpointTag: ' line1/sp ',
      value: '3',
      deadband: '',
      onDelayS: '1.5',
      priority: 'high',
    };
    expect(configFromForm(form)).toEqual({
      ok: true,
      config: {
        alarms: [
          {
            kind: 'deviation',
            setpointTag: 'line1/sp',
            value: 3,
            deadband: 0,
            onDelayMs: 1_500,
            priority: 'high',
          },
        ],
      },
    });
  });

  it('say which field is wrong: a family left half-filled, a delay that is no number, a negative one', () => {
    const form = formFromConfig({});
    form.alarms.rateOfChange = { ...form.alarms.rateOfChange, enabled: true };
    expect(configFromForm(form)).toEqual({ ok: false, error: 'rate limit: required' });
    form.alarms.rateOfChange = { ...form.alarms.rateOfChange, value: '1', offDelayS: 'soon' };
    expect(configFromForm(form)).toEqual({
      ok: false,
      error: 'rate of change off-delay: “soon” is not a finite number',
    });
    form.alarms.rateOfChange = { ...form.alarms.rateOfChange, offDelayS: '-1' };
    expect(configFromForm(form)).toMatchObject({ ok: false, error: expect.stringMatching(/not negative/) });
  });

  it('drop a family when it is switched off', () => {
    const form = formFromConfig({ alarms: EVERY_FAMILY });
    form.alarms.discrete = { ...form.alarms.discrete, enabled: false };
    form.alarms.limits.H = { ...form.alarms.limits.H, value: '' };
    const result = configFromForm(form);
    expect(result.ok && result.config.alarms?.map((a) => a.kind)).toEqual([
      'LL',
      'deviation',
      'rateOfChange',
      'badQuality',
    ]);
  });
});

describe('condition values as typed', () => {
  it('read numbers, booleans and texts, and quoted texts as texts', () => {
    expect(parseConditionValue(' 3 ')).toBe(3);
    expect(parseConditionValue('true')).toBe(true);
    expect(parseConditionValue('fault')).toBe('fault');
    expect(parseConditionValue('"3"')).toBe('3');
    expect(parseConditionValue('"open')).toBeInstanceOf(Error);
  });

  it('quote a text only where it would otherwise read as something else', () => {
    expect(formatConditionValue('fault')).toBe('fault');
    expect(formatConditionValue('true')).toBe('"true"');
    expect(formatConditionValue('42')).toBe('"42"');
    expect(formatConditionValue('a, b')).toBe('"a, b"');
    expect(formatConditionValue(false)).toBe('false');
  });

  it('split a list at the commas outside quotes', () => {
    expect(splitList('a, "b, c",3,,')).toEqual(['a', '"b, c"', '3']);
  });

  it('start an empty form with nothing configured', () => {
    const form = alarmsFormFromDefinitions();
    expect(form.deviation.enabled || form.rateOfChange.enabled || form.discrete.enabled).toBe(false);
    expect(form.limits.H.value).toBe('');
  });
});
