/**
 * A protobuf wire-format writer (protobuf "Encoding" guide), just what an ONNX ModelProto needs:
 * varints, 32-bit floats, and length-delimited strings, bytes and nested messages. Field
 * numbers are the caller's; see onnxModel.ts for ONNX's. Integers are written from JS numbers,
 * exact up to 2^53, which covers every dimension and attribute an ONNX graph here uses.
 */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private current = new Uint8Array(256);
  private pos = 0;
  private length = 0;

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  /** An int64 / int32 / enum / bool field. Negative numbers take the ten bytes protobuf asks for. */
  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.write(bytes);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    this.write(value);
    return this;
  }

  /** A nested message, written by `build` into its own writer. */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: readonly number[] | Float32Array): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
    return this.bytes(field, bytes);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.pos)]) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private varint(value: number): void {
    if (!Number.isInteger(value)) throw new RangeError(`not an integer: ${value}`);
    if (value < 0) {
      // Two's complement over 64 bits, as protobuf writes a negative int64.
      let big = BigInt.asUintN(64, BigInt(value));
      while (big > 0x7fn) {
        this.byte(Number(big & 0x7fn) | 0x80);
        big >>= 7n;
      }
      this.byte(Number(big));
      return;
    }
    let rest = value;
    while (rest > 0x7f) {
      this.byte((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }

  private byte(value: number): void {
    if (this.pos === this.current.length) this.flush();
    this.current[this.pos++] = value;
    this.length++;
  }

  private write(bytes: Uint8Array): void {
    if (bytes.length > this.current.length - this.pos) {
      this.flush();
      this.chunks.push(bytes.slice());
      this.length += bytes.length;
      return;
    }
    this.current.set(bytes, this.pos);
    this.pos += bytes.length;
    this.length += bytes.length;
  }

  private flush(): void {
    this.chunks.push(this.current.slice(0, this.pos));
    this.current = new Uint8Array(Math.max(256, this.current.length));
    this.pos = 0;
  }
}
