import { describe, expect, it } from 'vitest';
import { describeChange } from '../../../../renderer/devices/configDiff.js';

describe('a configuration change in words', () => {
  it('names each changed field with before and after, and fields given back to the device', () => {
    expect(describeChange(null, { unit: 'l/s', engRange: { low: 0, high: 40 } })).toBe(
      'unit (device) → “l/s”; range (device) → 0 – 40',
    );
    expect(
      describeChange(
        { unit: 'l/s', alarms: [] },
        { alarms: [{ kind: 'H', value: 12, deadband: 0.5, priority: 'high' }] },
      ),
    ).toBe('unit “l/s” → (device); alarms none → H 12 (±0.5, high)');
    expect(describeChange({ staleAfterMs: 5000 }, { staleAfterMs: 5000 })).toBe('no change');
  });
});
