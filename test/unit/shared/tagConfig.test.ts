import { describe, expect, it } from 'vitest';
import { DeviceConfigSchema } from '../../../shared/deviceConfig.js';
import { describeZodError } from '../../../shared/errors.js';
import { TagConfigSchema } from '../../../shared/tagConfig.js';

const refusal = (config: unknown) => {
  const parsed = TagConfigSchema.safeParse(config);
  return parsed.success ? null : describeZodError(parsed.error);
};

describe('a tag configuration', () => {
  it('takes the fields an engineer sets and leaves the others to the device', () => {
    const config = TagConfigSchema.parse({
      unit: ' bar ',
      engRange: { low: 0, high: 16 },
      decimals: 2,
      storageDeadband: 0.05,
      alarms: [
        { kind: 'H', value: 12, deadband: 0.2, priority: 'medium' },
        { kind: 'HH', value: 14, deadband: 0.2, priority: 'high' },
        { kind: 'LL', value: 1, deadband: 0.1, priority: 'critical' },
      ],
    });
    expect(config.unit).toBe('bar');
    expect(config.description).toBeUndefined();
    expect(config.alarms?.map((alarm) => alarm.kind)).toEqual(['LL', 'H', 'HH']);
  });

  it('refuses numbers that are not finite, wherever they stand', () => {
    expect(refusal({ engRange: { low: Number.NaN, high: 10 } })).toMatch(/engRange\.low/);
    expect(refusal({ engRange: { low: 0, high: Number.POSITIVE_INFINITY } })).toMatch(/engRange\.high/);
    expect(refusal({ storageDeadband: Number.NaN })).toMatch(/storageDeadband/);
    expect(
      refusal({ alarms: [{ kind: 'H', value: Number.NEGATIVE_INFINITY, deadband: 0, priority: 'low' }] }),
    ).toMatch(/alarms\.0\.value/);
  });

  it('refuses an engineering range whose low is not below its high', () => {
    expect(refusal({ engRange: { low: 10, high: 10 } })).toMatch(/low below high/);
    expect(refusal({ engRange: { low: 12, high: 10 } })).toMatch(/low below high/);
  });

  it('refuses alarm limits out of order, twice the same kind, or a negative deadband', () => {
    const alarm = (kind: string, value: number, deadband = 0) => ({ kind, value, deadband, priority: 'low' });
    expect(refusal({ alarms: [alarm('H', 10), alarm('HH', 9)] })).toMatch(/ordered LL < L < H < HH/);
    expect(refusal({ alarms: [alarm('L', 5), alarm('H', 5)] })).toMatch(/L 5 is not below H 5/);
    expect(refusal({ alarms: [alarm('H', 10), alarm('H', 11)] })).toMatch(/once/);
    expect(refusal({ alarms: [alarm('H', 10, -1)] })).toMatch(/deadband/);
    expect(refusal({ alarms: [{ ...alarm('H', 10), priority: 'urgent' }] })).toMatch(/priority/);
  });

  it('refuses absurdly long texts, zero or negative deadbands and unknown fields', () => {
    expect(refusal({ description: 'x'.repeat(10_000) })).toMatch(/at most 200/);
    expect(refusal({ unit: 'u'.repeat(100) })).toMatch(/at most 24/);
    expect(refusal({ storageDeadband: 0 })).toMatch(/above zero/);
    expect(refusal({ decimals: 1.5 })).toMatch(/decimals/);
    expect(refusal({ colour: 'red' })).toMatch(/colour/);
  });
});

describe('a device configuration', () => {
  it('takes a timeout of a second to a day and an area without path characters', () => {
    expect(DeviceConfigSchema.parse({ staleAfterMs: 5_000, area: ' Line 1 ' })).toEqual({
      staleAfterMs: 5_000,
      area: 'Line 1',
    });
    expect(DeviceConfigSchema.safeParse({ staleAfterMs: 10 }).success).toBe(false);
    expect(DeviceConfigSchema.safeParse({ staleAfterMs: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(DeviceConfigSchema.safeParse({ area: 'a/b' }).success).toBe(false);
    expect(DeviceConfigSchema.safeParse({ area: '   ' }).success).toBe(false);
  });
});
