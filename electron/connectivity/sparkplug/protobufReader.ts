/** Bytes that are not the protobuf they claim to be: the host counts them as undecodable. */
export class ProtobufError extends Error {}

const TWO_32 = 4_294_967_296;
const decoder = new TextDecoder('utf-8');

/**
 * A bounds-checked protobuf wire-format reader (protobuf "Encoding" guide), just what the
 * Sparkplug payload needs. Every read checks the end of its message and throws ProtobufError
 * past it, so truncated or hostile bytes fail cleanly rather than read garbage. 64-bit varints
 * are read exactly into `lo`/`hi` (as protobufjs does), so negative Int64 values survive.
 */
export class ProtobufReader {
  pos = 0;
  /** Low and high 32 bits (unsigned) of the last varint read by `varint64`. */
  lo = 0;
  hi = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private byte(end: number): number {
    if (this.pos >= end) throw new ProtobufError('truncated varint');
    return this.bytes[this.pos++]!;
  }

  /** The low 32 bits of a varint of up to 10 bytes, unsigned. */
  varint32(end: number): number {
    this.varint64(end);
    return this.lo;
  }

  varint64(end: number): void {
    let lo = 0;
    let b: number;
    for (let i = 0; i < 4; i++) {
      b = this.byte(end);
      lo |= (b & 0x7f) << (i * 7);
      if (b < 0x80) return this.set(lo, 0);
    }
    b = this.byte(end);
    lo |= (b & 0x7f) << 28;
    let hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.set(lo, hi);
    for (let i = 0; i < 5; i++) {
      b = this.byte(end);
      hi |= (b & 0x7f) << (i * 7 + 3);
      if (b < 0x80) return this.set(lo, hi);
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  private set(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** The last `varint64` as an unsigned number (exact up to 2^53). */
  unsigned(): number {
    return this.hi * TWO_32 + this.lo;
  }

  /** The last `varint64` as a two's-complement signed number. */
  signed(): number {
    return (this.hi | 0) * TWO_32 + this.lo;
  }

  float(end: number): number {
    this.need(4, end);
    const value = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return value;
  }

  double(end: number): number {
    this.need(8, end);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and returns the end of the field it announces. */
  delimited(end: number): number {
    const length = this.varint32(end);
    this.need(length, end);
    return this.pos + length;
  }

  string(end: number): string {
    const stop = this.delimited(end);
    const start = this.pos;
    this.pos = stop;
    // Short ASCII names (the bulk of a birth) skip TextDecoder's call overhead.
    if (stop - start <= 24) {
      let text = '';
      for (let i = start; i < stop; i++) {
        const c = this.bytes[i]!;
        if (c >= 0x80) return decoder.decode(this.bytes.subarray(start, stop));
        text += String.fromCharCode(c);
      }
      return text;
    }
    return decoder.decode(this.bytes.subarray(start, stop));
  }

  bytesField(end: number): Uint8Array {
    const stop = this.delimited(end);
    const value = this.bytes.subarray(this.pos, stop);
    this.pos = stop;
    return value;
  }

  /** Steps over a field this decoder does not read. Groups (wire types 3, 4) are long deprecated. */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case 0:
        this.varint64(end);
        return;
      case 1:
        this.need(8, end);
        this.pos += 8;
        return;
      case 2:
        this.pos = this.delimited(end);
        return;
      case 5:
        this.need(4, end);
        this.pos += 4;
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
  }

  /** Reads a field key; throws on field number 0, which no message has. */
  key(end: number): number {
    const key = this.varint32(end);
    if (key >>> 3 === 0) throw new ProtobufError('field number 0');
    return key;
  }

  private need(length: number, end: number): void {
    if (length > end - this.pos) throw new ProtobufError('truncated field');
  }
}
