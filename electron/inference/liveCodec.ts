import type { LiveFailed, LiveResults, LiveRunning, SampleBatch } from './types.js';

/**
 * The live lane's frames (platform/frameSocket.ts) between the main thread and the inference
 * host: live samples in; live runs' results and failures out. Each is a few
 * typed columns behind a header, written and read field by field, little-endian — cheaper than
 * a structured clone of the same objects, which is most of what a live run costs besides the
 * model itself.
 */
export const LiveFrame = { samples: 1, results: 2, failed: 3 } as const;

/** Where frames are written, then copied out whole: one per process, as frames are encoded one at a time. */
let scratch = Buffer.allocUnsafe(64 * 1024);

class Writer {
  private at = 0;

  private room(size: number): void {
    if (this.at + size <= scratch.length) return;
    const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, this.at + size));
    scratch.copy(grown, 0, 0, this.at);
    scratch = grown;
  }

  u8(value: number): void {
    this.room(1);
    this.at = scratch.writeUInt8(value, this.at);
  }

  u32(value: number): void {
    this.room(4);
    this.at = scratch.writeUInt32LE(value, this.at);
  }

  f64(value: number): void {
    this.room(8);
    this.at = scratch.writeDoubleLE(value, this.at);
  }

  text(value: string): void {
    this.room(4 + value.length * 3);
    const length = scratch.write(value, this.at + 4, 'utf8');
    this.at = scratch.writeUInt32LE(length, this.at) + length;
  }

  u32s(values: ArrayLike<number>): void {
    this.u32(values.length);
    this.room(values.length * 4);
    for (let i = 0; i < values.length; i++) this.at = scratch.writeUInt32LE(values[i]!, this.at);
  }

  f64s(values: ArrayLike<number>): void {
    this.u32(values.length);
    this.room(values.length * 8);
    for (let i = 0; i < values.length; i++) this.at = scratch.writeDoubleLE(values[i]!, this.at);
  }

  u8s(values: ArrayLike<number>): void {
    this.u32(values.length);
    this.room(values.length);
    for (let i = 0; i < values.length; i++) this.at = scratch.writeUInt8(values[i]!, this.at);
  }

  /** The frame, copied out of the scratch buffer (which the next frame reuses). */
  done(): Buffer {
    return Buffer.from(scratch.subarray(0, this.at));
  }
}

/** Columns up to this long are read value by value; longer ones copied whole (an allocation, then a memcpy). */
const SMALL = 32;

class Reader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly bytes: Buffer) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(): number {
    return this.view.getUint8(this.at++);
  }

  u32(): number {
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  f64(): number {
    const value = this.view.getFloat64(this.at, true);
    this.at += 8;
    return value;
  }

  text(): string {
    const length = this.u32();
    const value = this.bytes.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  u32s(): Uint32Array {
    const out = new Uint32Array(this.u32());
    if (out.length > SMALL) return new Uint32Array(this.copy(out.length * 4));
    for (let i = 0; i < out.length; i++) out[i] = this.u32();
    return out;
  }

  f64s(): Float64Array {
    const out = new Float64Array(this.u32());
    if (out.length > SMALL) return new Float64Array(this.copy(out.length * 8));
    for (let i = 0; i < out.length; i++) out[i] = this.f64();
    return out;
  }

  u8s(): Uint8Array {
    const length = this.u32();
    // A copy: a view would keep the whole received chunk alive.
    const out = new Uint8Array(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return out;
  }

  /** The next `size` bytes, copied to a fresh (so aligned) buffer in one go. */
  private copy(size: number): ArrayBuffer {
    const out = new ArrayBuffer(size);
    new Uint8Array(out).set(this.bytes.subarray(this.at, this.at + size));
    this.at += size;
    return out;
  }
}

export function encodeSamplesFrame(batch: SampleBatch): Buffer {
  const w = new Writer();
  w.u32s(batch.tags);
  w.f64s(batch.ts);
  w.f64s(batch.value);
  w.u8s(batch.missing);
  w.u32s(batch.quality);
  return w.done();
}

export function decodeSamplesFrame(bytes: Buffer): SampleBatch {
  const r = new Reader(bytes);
  return { tags: r.u32s(), ts: r.f64s(), value: r.f64s(), missing: r.u8s(), quality: r.u32s() };
}

function writeRunning(w: Writer, running: LiveRunning): void {
  w.u32(running.seq);
  w.text(running.key);
  w.u32s(running.handles);
}

function readRunning(r: Reader): LiveRunning {
  return { seq: r.u32(), key: r.text(), handles: [...r.u32s()] };
}

export function encodeResultsFrame(results: LiveResults): Buffer {
  const w = new Writer();
  writeRunning(w, results);
  w.f64s(results.ends);
  w.u32(results.rows);
  w.u32s(results.dims);
  w.u8(results.splitRows ? 1 : 0);
  w.f64(results.runMs ?? Number.NaN);
  w.f64(results.triggeredAt);
  w.f64(results.hostMs);
  const { kinds, offsets, values, qualities, notes } = results.results;
  w.u8s(kinds);
  w.u32s(offsets);
  w.f64s(values);
  w.u32s(qualities);
  w.u32(notes.length);
  for (const [index, text] of notes) {
    w.u32(index);
    w.text(text);
  }
  return w.done();
}

export function decodeResultsFrame(bytes: Buffer): LiveResults {
  const r = new Reader(bytes);
  const running = readRunning(r);
  const ends = r.f64s();
  const rows = r.u32();
  const dims = [...r.u32s()];
  const splitRows = r.u8() === 1;
  const runMs = r.f64();
  const triggeredAt = r.f64();
  const hostMs = r.f64();
  const kinds = r.u8s();
  const offsets = r.u32s();
  const values = r.f64s();
  const qualities = r.u32s();
  const notes: [number, string][] = [];
  for (let n = r.u32(); n > 0; n--) notes.push([r.u32(), r.text()]);
  return {
    ...running,
    ends,
    rows,
    dims,
    splitRows,
    runMs: Number.isNaN(runMs) ? null : runMs,
    triggeredAt,
    hostMs,
    results: { kinds, offsets, values, qualities, notes },
  };
}

export function encodeFailedFrame(failed: LiveFailed): Buffer {
  const w = new Writer();
  writeRunning(w, failed);
  w.text(failed.code);
  w.text(failed.message);
  return w.done();
}

export function decodeFailedFrame(bytes: Buffer): LiveFailed {
  const r = new Reader(bytes);
  return { ...readRunning(r), code: r.text(), message: r.text() };
}
