import type { SampleRow } from '../rowStreams.js';
import { BitReader, BitWriter, MAX_SIGNED, readSigned, writeSigned } from './bitStream.js';

/**
 * A sealed chunk of one tag's samples, losslessly compressed:
 * - timestamps as delta-of-delta with Gorilla's variable-length buckets (regular sampling costs
 *   one bit per sample);
 * - values, when every value in the chunk is a decimal with at most 6 digits after the point (as
 *   instruments report them), as scaled integers whose deltas are coded the same way — the idea
 *   of ALP (Afroozeh et al., "ALP: Adaptive Lossless floating-Point Compression", SIGMOD 2024);
 *   otherwise Gorilla's XOR of consecutive IEEE 754 doubles;
 * - absent values (bad samples) as a bitmap, present only when there are any;
 * - qualities as runs of (status code, length).
 */
const FORMAT = 1;
/** First byte of a joined chunk (joinChunks); a single chunk starts with FORMAT. */
const JOINED = 2;
const DECIMAL = 0;
const XOR = 1;
const MAX_DIGITS = 6;
const MAX_SCALED = 2 ** 50;

export function encodeChunk(rows: readonly SampleRow[]): Uint8Array {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]![0] <= rows[i - 1]![0])
      throw new Error('chunk rows must be in strictly increasing time order');
  }
  const writer = new BitWriter();
  writer.write(FORMAT, 8);
  writeSigned(writer, rows.length);
  writeTimestamps(
    writer,
    rows.map((row) => row[0]),
  );
  writeNumbers(
    writer,
    rows.map((row) => row[1]),
  );
  writeQualityRuns(writer, rows);
  return writer.finish();
}

/**
 * Several encoded chunks of one tag, in time order, as one: what compaction writes. The parts
 * keep their own encoding, so joining them costs a copy, not a decode and a re-encode.
 */
export function joinChunks(parts: readonly Uint8Array[]): Uint8Array {
  const header = 5 + 4 * parts.length;
  const out = new Uint8Array(header + parts.reduce((sum, part) => sum + part.length, 0));
  const view = new DataView(out.buffer);
  out[0] = JOINED;
  view.setUint32(1, parts.length);
  let offset = header;
  parts.forEach((part, i) => {
    view.setUint32(5 + 4 * i, part.length);
    out.set(part, offset);
    offset += part.length;
  });
  return out;
}

/** One encoded chunk of a (possibly joined) chunk's bytes, with the time of its first sample. */
export interface ChunkPart {
  firstTs: number;
  bytes: Uint8Array;
}

/**
 * The parts of a chunk without decoding them: the whole chunk, or each chunk joined into it. A
 * reader that needs a few minutes of a compacted chunk decodes only the parts that hold them.
 */
export function chunkParts(bytes: Uint8Array): ChunkPart[] {
  if (bytes[0] !== JOINED) return [{ firstTs: firstTimestamp(bytes), bytes }];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(1);
  const parts: ChunkPart[] = [];
  let offset = 5 + 4 * count;
  for (let i = 0; i < count; i++) {
    const part = bytes.subarray(offset, offset + view.getUint32(5 + 4 * i));
    parts.push({ firstTs: firstTimestamp(part), bytes: part });
    offset += part.length;
  }
  return parts;
}

function firstTimestamp(bytes: Uint8Array): number {
  const reader = new BitReader(bytes);
  reader.read(8);
  return readSigned(reader) === 0 ? NaN : readTimestamps(reader, 1)[0]!;
}

export function decodeChunk(bytes: Uint8Array): SampleRow[] {
  if (bytes[0] === JOINED) return chunkParts(bytes).flatMap((part) => decodeChunk(part.bytes));
  const reader = new BitReader(bytes);
  const format = reader.read(8);
  if (format !== FORMAT) throw new Error(`unknown chunk format ${format}`);
  const count = readSigned(reader);
  const ts = readTimestamps(reader, count);
  const values = readNumbers(reader, count);
  const rows: SampleRow[] = ts.map((t, i) => [t, values[i] ?? null, 0]);
  readQualityRuns(reader, rows);
  return rows;
}

/**
 * A column of numbers, some absent: a bitmap of the absent ones (only when there are any), then
 * the rest as scaled decimals or, failing that, Gorilla XOR. Also used by the rollup blocks.
 */
export function writeNumbers(writer: BitWriter, column: readonly (number | null)[]): void {
  const hasNulls = column.some((value) => value === null);
  writer.write(hasNulls ? 1 : 0, 1);
  if (hasNulls) for (const value of column) writer.write(value === null ? 1 : 0, 1);
  const values = column.filter((value): value is number => value !== null);
  const digits = decimalDigits(values);
  if (digits === null) {
    writer.write(XOR, 1);
    writeXor(writer, values);
  } else {
    writer.write(DECIMAL, 1);
    writer.write(digits, 3);
    const scale = 10 ** digits;
    let previous = 0;
    for (const value of values) {
      const scaled = Math.round(value * scale);
      writeSigned(writer, scaled - previous);
      previous = scaled;
    }
  }
}

export function readNumbers(reader: BitReader, count: number): (number | null)[] {
  const isNull = reader.read(1) === 1 ? Array.from({ length: count }, () => reader.read(1) === 1) : null;
  const valueCount = isNull ? isNull.filter((n) => !n).length : count;
  const values =
    reader.read(1) === XOR ? readXor(reader, valueCount) : readDecimals(reader, valueCount, reader.read(3));
  let v = 0;
  return Array.from({ length: count }, (_, i) => (isNull?.[i] ? null : values[v++]!));
}

/** Delta-of-delta, unless a jump across centuries makes one too large: then plain deltas. */
export function writeTimestamps(writer: BitWriter, stamps: readonly number[]): void {
  const deltas = stamps.map((ts, i) => (i === 0 ? ts : ts - stamps[i - 1]!));
  const dods = deltas.map((delta, i) => (i <= 1 ? delta : delta - deltas[i - 1]!));
  const plain = dods.some((dod, i) => i > 0 && Math.abs(dod) > MAX_SIGNED);
  writer.write(plain ? 1 : 0, 1);
  dods.forEach((dod, i) => {
    if (i === 0) writer.write53(dod);
    else if (plain) writer.write53(deltas[i]!);
    else writeSigned(writer, dod);
  });
}

export function readTimestamps(reader: BitReader, count: number): number[] {
  const plain = reader.read(1) === 1;
  const out: number[] = [];
  let delta = 0;
  for (let i = 0; i < count; i++) {
    if (i === 0) out.push(reader.read53());
    else {
      delta = plain ? reader.read53() : delta + readSigned(reader);
      out.push(out[i - 1]! + delta);
    }
  }
  return out;
}

/** The fewest decimal digits that represent every value exactly, or null when none do. */
function decimalDigits(values: readonly number[]): number | null {
  for (let digits = 0; digits <= MAX_DIGITS; digits++) {
    const scale = 10 ** digits;
    if (
      values.every(
        (v) => !Object.is(v, -0) && Math.abs(v * scale) < MAX_SCALED && Math.round(v * scale) / scale === v,
      )
    ) {
      return digits;
    }
  }
  return null;
}

function readDecimals(reader: BitReader, count: number, digits: number): number[] {
  const scale = 10 ** digits;
  const out: number[] = [];
  let scaled = 0;
  for (let i = 0; i < count; i++) {
    scaled += readSigned(reader);
    out.push(scaled / scale);
  }
  return out;
}

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (value: number): [number, number] => {
  view.setFloat64(0, value);
  return [view.getUint32(0), view.getUint32(4)];
};

/** Gorilla XOR coding (Pelkonen et al. 2015, section 4.1.2) on 64-bit patterns as two halves. */
function writeXor(writer: BitWriter, values: readonly number[]): void {
  let [prevHi, prevLo] = [0, 0];
  values.forEach((value, i) => {
    const [hi, lo] = bitsOf(value);
    if (i === 0) {
      writer.write(hi, 32);
      writer.write(lo, 32);
    } else {
      const xHi = (hi ^ prevHi) >>> 0;
      const xLo = (lo ^ prevLo) >>> 0;
      if (xHi === 0 && xLo === 0) writer.write(0, 1);
      else {
        const leading = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
        const trailing = xLo !== 0 ? ctz32(xLo) : 32 + ctz32(xHi);
        const length = 64 - leading - trailing;
        writer.write(1, 1);
        writer.write(leading, 6);
        writer.write(length - 1, 6);
        writeRange(writer, xHi, xLo, trailing, length);
      }
    }
    [prevHi, prevLo] = [hi, lo];
  });
}

function readXor(reader: BitReader, count: number): number[] {
  const out: number[] = [];
  let [hi, lo] = [0, 0];
  for (let i = 0; i < count; i++) {
    if (i === 0) [hi, lo] = [reader.read(32), reader.read(32)];
    else if (reader.read(1) === 1) {
      const leading = reader.read(6);
      const length = reader.read(6) + 1;
      const [xHi, xLo] = readRange(reader, 64 - leading - length, length);
      [hi, lo] = [(hi ^ xHi) >>> 0, (lo ^ xLo) >>> 0];
    }
    view.setUint32(0, hi);
    view.setUint32(4, lo);
    out.push(view.getFloat64(0));
  }
  return out;
}

/** The low `n` bits of a 32-bit pattern, as an unsigned number (n = 32: all of them). */
const lowBits = (x: number, n: number) => (n >= 32 ? x >>> 0 : (x & ((1 << n) - 1)) >>> 0);

/**
 * Writes bits [trailing, trailing + length) of the 64-bit (hi, lo), most significant first: the
 * part in `hi`, then the part in `lo`, each in one call.
 */
function writeRange(writer: BitWriter, hi: number, lo: number, trailing: number, length: number): void {
  const end = trailing + length;
  const hiFrom = Math.max(trailing, 32);
  if (end > 32) writer.write(lowBits(hi >>> (hiFrom - 32), end - hiFrom), end - hiFrom);
  if (trailing < 32) {
    const n = Math.min(end, 32) - trailing;
    writer.write(lowBits(lo >>> trailing, n), n);
  }
}

function readRange(reader: BitReader, trailing: number, length: number): [number, number] {
  const end = trailing + length;
  const hiFrom = Math.max(trailing, 32);
  let [hi, lo] = [0, 0];
  if (end > 32) hi = (reader.read(end - hiFrom) * 2 ** (hiFrom - 32)) >>> 0;
  if (trailing < 32) lo = (reader.read(Math.min(end, 32) - trailing) * 2 ** trailing) >>> 0;
  return [hi, lo];
}

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function writeQualityRuns(writer: BitWriter, rows: readonly SampleRow[]): void {
  const runs: [number, number][] = [];
  for (const [, , quality] of rows) {
    const last = runs.at(-1);
    if (last && last[0] === quality) last[1]++;
    else runs.push([quality, 1]);
  }
  writeSigned(writer, runs.length);
  for (const [quality, length] of runs) {
    writer.write(quality >>> 0, 32);
    writeSigned(writer, length);
  }
}

function readQualityRuns(reader: BitReader, rows: SampleRow[]): void {
  const runCount = readSigned(reader);
  let i = 0;
  for (let r = 0; r < runCount; r++) {
    const quality = reader.read(32);
    const length = readSigned(reader);
    for (let k = 0; k < length && i < rows.length; k++) rows[i++]![2] = quality;
  }
}
