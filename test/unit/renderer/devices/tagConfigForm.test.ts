import { describe, expect, it } from 'vitest';
import { configFromForm, formFromConfig } from '../../../../renderer/devices/tagConfigForm.js';

const empty = formFromConfig({});

describe('the tag editor form', () => {
  it('leaves empty fields to the device and reads typed numbers whole', () => {
    expect(configFromForm(empty)).toEqual({ ok: true, config: {} });
    const form = { ...empty, unit: 'l/s', engLow: '0', engHigh: ' 40 ', decimals: '1' };
    expect(configFromForm(form)).toEqual({
      ok: true,
      config: { unit: 'l/s', engRange: { low: 0, high: 40 }, decimals: 1 },
    });
  });

  it('round-trips a stored configuration, alarms in LL…HH order', () => {
    const config = {
      description: 'Discharge flow',
      storageDeadband: 0.5,
      alarms: [
        { kind: 'L' as const, value: 2, deadband: 0.1, priority: 'low' as const },
        { kind: 'H' as const, value: 30, deadband: 0.5, priority: 'high' as const },
      ],
    };
    expect(configFromForm(formFromConfig(config))).toEqual({ ok: true, config });
  });

  it('refuses text, NaN and Infinity typed as numbers, and a range with one end', () => {
    expect(configFromForm({ ...empty, engLow: '12abc', engHigh: '20' })).toEqual({
      ok: false,
      error: 'low: “12abc” is not a finite number',
    });
    expect(configFromForm({ ...empty, storageDeadband: 'Infinity' })).toMatchObject({ ok: false });
    expect(configFromForm({ ...empty, decimals: 'NaN' })).toMatchObject({ ok: false });
    expect(configFromForm({ ...empty, engLow: '0' })).toEqual({
      ok: false,
      error: 'the engineering range needs both low and high (or neither)',
    });
  });

  it('passes on what the contract refuses: low ≥ high, unordered limits', () => {
    expect(configFromForm({ ...empty, engLow: '5', engHigh: '5' })).toEqual({
      ok: false,
      error: 'engRange.high: the engineering range needs low below high',
    });
    const limits = {
      ...empty.alarms.limits,
      H: { ...empty.alarms.limits.H, value: '10' },
      HH: { ...empty.alarms.limits.HH, value: '8', priority: 'critical' as const },
    };
    expect(configFromForm({ ...empty, alarms: { ...empty.alarms, limits } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/ordered/),
    });
  });
});

describe('the tag editor form with a command definition', () => {
  const command = {
    topic: 'plant/cmd/valve1',
    template: { command: 'move', args: [{ sp: 0 }] },
    valuePath: '$.args[0].sp',
    datatype: 'Double' as const,
    expirySeconds: 7,
    timeoutMs: 3_000,
  };

  it('keeps a stored command definition through an edit of another field', () => {
    const form = { ...formFromConfig({ unit: '%', command }), description: 'Inlet valve' };
    expect(configFromForm(form)).toEqual({
      ok: true,
      config: { unit: '%', description: 'Inlet valve', command },
    });
  });

  it('refuses a definition that is not JSON, or not a definition, with the reason', () => {
    expect(configFromForm({ ...empty, command: '{topic:' })).toEqual({
      ok: false,
      error: 'command definition: not valid JSON',
    });
    const noPath = configFromForm({ ...empty, command: '{"topic": "a/b", "template": {}}' });
    expect(noPath).toMatchObject({ ok: false, error: expect.stringMatching(/command\.valuePath/) });
  });
});
