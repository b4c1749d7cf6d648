import type { LiveFailed, LiveResults, SampleBatch } from './types.js';

/**
 * The live lane's frames (platform/frameSocket.ts) between the main thread and the inference
 * host: live samples in; live runs' results and failures out.
 *
 * A frame is its typed columns laid end to end, each section aligned to its element size: a
 * header of counts (32-bit), then the 64-bit columns, then the 32-bit ones, then the bytes
 * (flags, UTF-8 texts). Encoding is a few bulk copies into one buffer; decoding copies the
 * payload once into an aligned buffer and takes each column as a view of it. That is a few
 * microseconds either way, where writing and reading value by value cost tens of them on a
 * run's path (measured in situ: 7 and 23 µs).
 */
export const LiveFrame = { samples: 1, results: 2, failed: 3 } as const;

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** One frame's buffer, filled section by section; `done` checks it was filled exactly. */
class Sections {
  readonly buffer: ArrayBuffer;
  private at = 0;

  constructor(size: number) {
    this.buffer = new ArrayBuffer(size);
  }

  u32(count: number): Uint32Array {
    return this.take(Uint32Array, count, 4);
  }

  f64(count: number): Float64Array {
    return this.take(Float64Array, count, 8);
  }

  u8(count: number): Uint8Array {
    return this.take(Uint8Array, count, 1);
  }

  /** The next texts, one after another. */
  texts(parts: readonly Uint8Array[]): void {
    for (const part of parts) this.u8(part.length).set(part);
  }

  private take<T>(
    View: new (buffer: ArrayBuffer, offset: number, length: number) => T,
    count: number,
    size: number,
  ): T {
    if (this.at % size !== 0) throw new RangeError('a frame section is not aligned');
    if (this.at + count * size > this.buffer.byteLength)
      throw new RangeError(`a frame of ${this.buffer.byteLength} bytes is shorter than its columns say`);
    const view = new View(this.buffer, this.at, count);
    this.at += count * size;
    return view;
  }
}

/** Reads a frame's sections back, as views of one aligned copy; RangeError when it does not hold them. */
class SectionReader {
  private readonly sections: Sections;

  constructor(payload: Uint8Array) {
    this.sections = new Sections(payload.length);
    new Uint8Array(this.sections.buffer).set(payload);
  }

  u32(count: number): Uint32Array {
    return this.sections.u32(count);
  }

  f64(count: number): Float64Array {
    return this.sections.f64(count);
  }

  u8(count: number): Uint8Array {
    return this.sections.u8(count);
  }

  text(length: number): string {
    const bytes = this.u8(length);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  }
}

/** Header words before the columns: a multiple of two, so the 64-bit columns start aligned. */
const SAMPLES_HEADER = 2;

export function encodeSamplesFrame(batch: SampleBatch): Uint8Array {
  const n = batch.tags.length;
  const frame = new Sections(SAMPLES_HEADER * 4 + n * (8 + 8 + 4 + 4 + 1));
  frame.u32(SAMPLES_HEADER)[0] = n;
  frame.f64(n).set(batch.ts);
  frame.f64(n).set(batch.value);
  frame.u32(n).set(batch.tags);
  frame.u32(n).set(batch.quality);
  frame.u8(n).set(batch.missing);
  return new Uint8Array(frame.buffer);
}

export function decodeSamplesFrame(payload: Uint8Array): SampleBatch {
  const r = new SectionReader(payload);
  const n = r.u32(SAMPLES_HEADER)[0]!;
  const ts = r.f64(n);
  const value = r.f64(n);
  return { ts, value, tags: r.u32(n), quality: r.u32(n), missing: r.u8(n) };
}

const RESULTS_HEADER = 8;

export function encodeResultsFrame(run: LiveResults): Uint8Array {
  const { kinds, offsets, values, qualities, notes } = run.results;
  const n = run.handles.length;
  const slots = values.length;
  const key = utf8(run.key);
  const texts = notes.map(([, text]) => utf8(text));
  const f64 = 3 + n + slots;
  const u32 = n + (n + 1) + slots + run.dims.length + 2 * notes.length;
  const u8 = n + key.length + texts.reduce((sum, t) => sum + t.length, 0);
  const frame = new Sections(RESULTS_HEADER * 4 + f64 * 8 + u32 * 4 + u8);
  frame
    .u32(RESULTS_HEADER)
    .set([run.seq, n, slots, run.rows, run.dims.length, run.splitRows ? 1 : 0, notes.length, key.length]);
  frame.f64(3).set([run.triggeredAt, run.hostMs, run.runMs ?? Number.NaN]);
  frame.f64(n).set(run.ends);
  frame.f64(slots).set(values);
  frame.u32(n).set(run.handles);
  frame.u32(n + 1).set(offsets);
  frame.u32(slots).set(qualities);
  frame.u32(run.dims.length).set(run.dims);
  frame.u32(notes.length).set(notes.map(([index]) => index));
  frame.u32(notes.length).set(texts.map((t) => t.length));
  frame.u8(n).set(kinds);
  frame.texts([key, ...texts]);
  return new Uint8Array(frame.buffer);
}

export function decodeResultsFrame(payload: Uint8Array): LiveResults {
  const r = new SectionReader(payload);
  const [seq = 0, n = 0, slots = 0, rows = 0, dimCount = 0, splitRows = 0, noteCount = 0, keyLength = 0] =
    r.u32(RESULTS_HEADER);
  const [triggeredAt = 0, hostMs = 0, runMs = Number.NaN] = r.f64(3);
  const ends = r.f64(n);
  const values = r.f64(slots);
  const handles = Array.from(r.u32(n));
  const offsets = r.u32(n + 1);
  const qualities = r.u32(slots);
  const dims = Array.from(r.u32(dimCount));
  const noteIndex = r.u32(noteCount);
  const noteLength = r.u32(noteCount);
  const kinds = r.u8(n);
  const key = r.text(keyLength);
  const notes = Array.from(noteIndex, (index, i): [number, string] => [index, r.text(noteLength[i]!)]);
  return {
    seq,
    key,
    handles,
    ends,
    rows,
    dims,
    splitRows: splitRows === 1,
    runMs: Number.isNaN(runMs) ? null : runMs,
    triggeredAt,
    hostMs,
    results: { kinds, offsets, values, qualities, notes },
  };
}

const FAILED_HEADER = 6;

export function encodeFailedFrame(failed: LiveFailed): Uint8Array {
  const texts = [failed.key, failed.code, failed.message].map(utf8);
  const n = failed.handles.length;
  const frame = new Sections(FAILED_HEADER * 4 + n * 4 + texts.reduce((sum, t) => sum + t.length, 0));
  frame.u32(FAILED_HEADER).set([failed.seq, n, ...texts.map((t) => t.length), 0]);
  frame.u32(n).set(failed.handles);
  frame.texts(texts);
  return new Uint8Array(frame.buffer);
}

export function decodeFailedFrame(payload: Uint8Array): LiveFailed {
  const r = new SectionReader(payload);
  const [seq = 0, n = 0, keyLength = 0, codeLength = 0, messageLength = 0] = r.u32(FAILED_HEADER);
  const handles = Array.from(r.u32(n));
  return { seq, handles, key: r.text(keyLength), code: r.text(codeLength), message: r.text(messageLength) };
}
