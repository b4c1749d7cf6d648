/**
 * Bit-level writer and reader for the chunk codec. Numbers up to 2^53 are written as a 21-bit
 * high part and a 32-bit low part, so no BigInt is needed on the hot path.
 */
const TWO_32 = 2 ** 32;

export class BitWriter {
  private bytes = new Uint8Array(256);
  private bitLength = 0;

  /** Writes the low `n` bits of `value` (0 ≤ n ≤ 32), most significant first, a byte at a time. */
  write(value: number, n: number): void {
    if (this.bitLength + n > this.bytes.length * 8) this.grow();
    let remaining = n;
    while (remaining > 0) {
      const free = 8 - (this.bitLength & 7);
      const take = Math.min(free, remaining);
      const bits = Math.floor(value / 2 ** (remaining - take)) & ((1 << take) - 1);
      this.bytes[this.bitLength >>> 3]! |= bits << (free - take);
      this.bitLength += take;
      remaining -= take;
    }
  }

  /** Writes a non-negative integer below 2^53 in 53 bits. */
  write53(value: number): void {
    this.write(Math.floor(value / TWO_32), 21);
    this.write(value >>> 0, 32);
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, Math.ceil(this.bitLength / 8));
  }

  private grow(): void {
    const next = new Uint8Array(this.bytes.length * 2);
    next.set(this.bytes);
    this.bytes = next;
  }
}

export class BitReader {
  private position = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /**
   * Reads `n` bits (0 ≤ n ≤ 32) as an unsigned number. Up to 24 bits come from one big-endian
   * 32-bit window (the bit offset inside a byte is at most 7, so they always fit); wider reads
   * are two of those. Decoding a year of rollups is millions of these calls.
   */
  read(n: number): number {
    if (n > 24) {
      const high = this.read(n - 16);
      return high * 65_536 + this.read(16);
    }
    const end = this.position + n;
    if (end > this.bytes.length * 8) throw new RangeError('chunk ended early');
    if (n === 0) return 0;
    const bytes = this.bytes;
    const index = this.position >>> 3;
    // Past the end a typed array reads undefined, which the bit operators take as 0.
    const window =
      (bytes[index]! << 24) | (bytes[index + 1]! << 16) | (bytes[index + 2]! << 8) | bytes[index + 3]!;
    const value = (window << (this.position & 7)) >>> (32 - n);
    this.position = end;
    return value;
  }

  read53(): number {
    const high = this.read(21);
    return high * TWO_32 + this.read(32);
  }
}

/** Maps signed to unsigned so that small magnitudes of either sign get small codes. */
export function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function unzigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Largest magnitude `writeSigned` takes: its zigzag code must fit in 53 bits. */
export const MAX_SIGNED = 2 ** 52 - 1;

/**
 * Variable-length code for a signed integer (|value| ≤ MAX_SIGNED), after Gorilla's
 * delta-of-delta buckets (Pelkonen et al., VLDB 2015), narrowed for instrument data where most
 * steps are a few counts: `0` for zero, then 5, 9, 16 and 24 payload bits, else all 53.
 */
const BUCKETS = [5, 9, 16, 24] as const;

export function writeSigned(writer: BitWriter, value: number): void {
  const u = zigzag(value);
  if (u === 0) return writer.write(0, 1);
  for (let b = 0; b < BUCKETS.length; b++) {
    const bits = BUCKETS[b]!;
    if (u < 2 ** bits) {
      writer.write(((1 << (b + 1)) - 1) << 1, b + 2); // b+1 ones, then a zero
      writer.write(u, bits);
      return;
    }
  }
  writer.write(0b11111, 5);
  writer.write53(u);
}

export function readSigned(reader: BitReader): number {
  for (let b = 0; b <= BUCKETS.length; b++) {
    if (reader.read(1) === 0) return b === 0 ? 0 : unzigzag(reader.read(BUCKETS[b - 1]!));
  }
  return unzigzag(reader.read53());
}
