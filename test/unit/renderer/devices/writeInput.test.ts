import { describe, expect, it } from 'vitest';
import { describeWriteValue, parseWriteInput } from '../../../../renderer/devices/writeInput.js';

describe('a value typed to write', () => {
  it('reads numbers, on/off and texts by the tag kind, and says what is wrong otherwise', () => {
    expect(parseWriteInput('number', ' 55.5 ')).toEqual({ ok: true, value: 55.5 });
    expect(parseWriteInput('number', 'fast')).toEqual({ ok: false, error: 'fast is not a number' });
    expect(parseWriteInput('number', '')).toEqual({ ok: false, error: 'enter a value' });
    expect(parseWriteInput('boolean', 'true')).toEqual({ ok: true, value: true });
    expect(parseWriteInput('boolean', '0')).toEqual({ ok: true, value: false });
    expect(parseWriteInput('boolean', 'maybe')).toMatchObject({ ok: false });
    expect(parseWriteInput('enum', '2')).toEqual({ ok: true, value: 2 });
    expect(parseWriteInput('enum', '1.5')).toMatchObject({ ok: false });
    expect(parseWriteInput('string', ' B7 ')).toEqual({ ok: true, value: ' B7 ' });
  });

  it('shows values in words in the confirmation', () => {
    expect(describeWriteValue(true)).toBe('true (on)');
    expect(describeWriteValue('B7')).toBe('“B7”');
    expect(describeWriteValue(55)).toBe('55');
    expect(describeWriteValue(null)).toBe('no value');
  });
});
