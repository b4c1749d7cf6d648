import { describe, expect, it } from 'vitest';
import { checkWrite, isWritableDatatype } from '../../../../electron/commands/writeValue.js';

describe('write values', () => {
  it('refuses integers outside their datatype instead of letting the device wrap them', () => {
    expect(checkWrite('Int8', 127)).toEqual({ ok: true, value: 127 });
    expect(checkWrite('Int8', 300)).toMatchObject({
      ok: false,
      error: expect.stringContaining('outside Int8'),
    });
    expect(checkWrite('UInt16', -1)).toMatchObject({ ok: false });
    expect(checkWrite('UInt32', 2 ** 32 - 1)).toEqual({ ok: true, value: 4_294_967_295 });
    expect(checkWrite('Int64', 2 ** 60)).toMatchObject({ ok: false });
  });

  it('refuses fractions, text and non-finite numbers where a number is due', () => {
    expect(checkWrite('Int32', 1.5)).toMatchObject({
      ok: false,
      error: expect.stringContaining('whole number'),
    });
    expect(checkWrite('Int32', '12')).toMatchObject({ ok: false });
    expect(checkWrite('Double', Number.NaN)).toMatchObject({ ok: false });
    expect(checkWrite('Double', Infinity)).toMatchObject({ ok: false });
    expect(checkWrite('Float', 1e39)).toMatchObject({ ok: false });
    expect(checkWrite('Float', 42.5)).toEqual({ ok: true, value: 42.5 });
  });

  it('takes true/false or 1/0 for a Boolean, and text up to the limit for text types', () => {
    expect(checkWrite('Boolean', 1)).toEqual({ ok: true, value: true });
    expect(checkWrite('Boolean', 2)).toMatchObject({ ok: false });
    expect(checkWrite('String', 'B7')).toEqual({ ok: true, value: 'B7' });
    expect(checkWrite('Text', 'x'.repeat(2_000))).toMatchObject({ ok: false });
  });

  it('treats DataSet, Template and Bytes metrics as read-only', () => {
    expect(isWritableDatatype('Template')).toBe(false);
    expect(checkWrite('DataSet', 1)).toMatchObject({
      ok: false,
      error: expect.stringContaining('cannot be written'),
    });
    expect(isWritableDatatype('UInt8')).toBe(true);
  });
});
