import { describe, expect, it } from 'vitest';
import {
  BitReader,
  BitWriter,
  readSigned,
  writeSigned,
} from '../../../../../electron/historian/codec/bitStream.js';

describe('bit stream', () => {
  it('reads back every width from 0 to 32 bits at every offset inside a byte', () => {
    const writer = new BitWriter();
    const written: Array<[number, number]> = [];
    for (let offset = 0; offset < 8; offset++) {
      writer.write(0b1010101, offset); // shifts what follows to this offset
      written.push([0b1010101 & ((1 << offset) - 1), offset]);
      for (let n = 0; n <= 32; n++) {
        const value = n === 32 ? 0xfedcba98 : Math.floor(((n * 2_654_435_761) % 2 ** 32) / 2 ** (32 - n));
        writer.write(value, n);
        written.push([value, n]);
      }
    }
    const reader = new BitReader(writer.finish());
    for (const [value, n] of written) expect(reader.read(n)).toBe(value);
  });

  it('reads 53-bit numbers and signed codes of every size', () => {
    const writer = new BitWriter();
    const signed = [0, 1, -1, 15, -16, 255, -256, 32_767, -40_000, 8_000_000, -(2 ** 40), 2 ** 52 - 1];
    writer.write53(2 ** 53 - 1);
    for (const value of signed) writeSigned(writer, value);
    const reader = new BitReader(writer.finish());
    expect(reader.read53()).toBe(2 ** 53 - 1);
    expect(signed.map(() => readSigned(reader))).toEqual(signed);
  });

  it('refuses to read past the end of a truncated chunk', () => {
    const writer = new BitWriter();
    writer.write(0xabc, 12);
    const reader = new BitReader(writer.finish());
    expect(reader.read(12)).toBe(0xabc);
    expect(reader.read(4)).toBe(0); // the rest of the last byte
    expect(() => reader.read(1)).toThrow(RangeError);
    expect(() => new BitReader(new Uint8Array(2)).read(17)).toThrow(RangeError);
  });
});
