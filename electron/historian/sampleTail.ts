import type { Database, Statement } from 'better-sqlite3';
import type { SampleRow } from './rowStreams.js';
import type { SampleColumns } from './types.js';

/** Move the tail into the main tree when it holds this many rows (or on the maintenance timer). */
export const MERGE_ROWS = 200_000;
/** Rows per multi-row INSERT: a few hundred bound values per call amortise the call's cost. */
const ROWS_PER_INSERT = 128;

/** One tag's rows in the tail, in arrival order, with their time order worked out when asked. */
interface TagRows {
  ts: number[];
  values: (number | null)[];
  qualities: number[];
  /** Whether arrival order is time order (it nearly always is); else `order` is the sorted one. */
  inOrder: boolean;
  order: number[] | null;
  sorted: boolean;
}

/**
 * The hot tail (migrations 0002, 0007): each batch the worker receives is committed as one row
 * of four column blobs — a single short insert however many samples it holds — and kept in
 * memory, where queries read it. Every few seconds the tail moves into `samples` in (tag, ts)
 * order, so SQLite visits each tag's last leaf once per merge instead of once per sample. After
 * a crash the committed batches are read back on open and replayed.
 */
export class SampleTail {
  private readonly insertBatch: Statement;
  private readonly insertOne: Statement;
  private readonly insertMany: Statement;
  private readonly clear: Statement;
  private batches: SampleColumns[] = [];
  private byTag = new Map<number, TagRows>();
  private rows = 0;

  /**
   * `inMerge` runs inside the merge's transaction, after the rows moved (the rollups are written
   * there, so they commit with the raw rows they describe); `onMerged` then learns how many rows
   * of each tag moved into the main table.
   */
  constructor(
    private readonly db: Database,
    private readonly onMerged: (rowsByTag: Map<number, number>) => void = () => {},
    private readonly inMerge: () => void = () => {},
  ) {
    this.insertBatch = db.prepare(
      'INSERT INTO sample_tail_batches (count, tag_keys, ts, vals, qualities) VALUES (?, ?, ?, ?, ?)',
    );
    const insert = 'INSERT OR REPLACE INTO samples (tag_key, ts, value, quality) VALUES ';
    this.insertOne = db.prepare(`${insert}(?, ?, ?, ?)`);
    this.insertMany = db.prepare(`${insert}${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?)').join(', ')}`);
    this.clear = db.prepare('DELETE FROM sample_tail_batches');
    const stored = db
      .prepare('SELECT count, tag_keys, ts, vals, qualities FROM sample_tail_batches ORDER BY id')
      .raw(true)
      .all() as [number, Buffer, Buffer, Buffer, Buffer][];
    for (const [count, tagKeys, ts, values, qualities] of stored) {
      this.hold({
        count,
        tagKeys: new Int32Array(copyOf(tagKeys)),
        ts: new Float64Array(copyOf(ts)),
        values: new Float64Array(copyOf(values)),
        qualities: new Uint32Array(copyOf(qualities)),
      });
    }
  }

  get size(): number {
    return this.rows;
  }

  /** Commits a batch as one row; kept in memory only once that succeeded (a full disk throws). */
  append(batch: SampleColumns): void {
    const count = batch.count;
    if (count === 0) return;
    const columns: SampleColumns = {
      count,
      tagKeys: batch.tagKeys.subarray(0, count),
      ts: batch.ts.subarray(0, count),
      values: batch.values.subarray(0, count),
      qualities: batch.qualities.subarray(0, count),
    };
    this.insertBatch.run(
      count,
      blob(columns.tagKeys),
      blob(columns.ts),
      blob(columns.values),
      blob(columns.qualities),
    );
    this.hold(columns);
  }

  /**
   * Moves every row into `samples` in (tag, ts) order, a later delivery of a (tag, ts)
   * replacing the earlier one, and empties the tail, in one transaction.
   */
  merge(): void {
    if (this.rows === 0) return;
    const keys = [...this.byTag.keys()].sort((a, b) => a - b);
    const params = new Array<number | null>(ROWS_PER_INSERT * 4);
    let p = 0;
    this.db.transaction(() => {
      for (const key of keys) {
        const tag = this.byTag.get(key)!;
        for (const i of timeOrder(tag)) {
          params[p++] = key;
          params[p++] = tag.ts[i]!;
          params[p++] = tag.values[i]!;
          params[p++] = tag.qualities[i]!;
          if (p === params.length) {
            this.insertMany.run(params);
            p = 0;
          }
        }
      }
      for (let q = 0; q < p; q += 4)
        this.insertOne.run(params[q], params[q + 1], params[q + 2], params[q + 3]);
      this.clear.run();
      this.inMerge();
    })();
    const counts = new Map([...this.byTag].map(([key, tag]) => [key, tag.ts.length]));
    this.batches = [];
    this.byTag = new Map();
    this.rows = 0;
    this.onMerged(counts);
  }

  /** Every row in arrival order, as columns: what a crash left behind, replayed on start. */
  pending(): SampleColumns {
    const out: SampleColumns = {
      count: this.rows,
      tagKeys: new Int32Array(this.rows),
      ts: new Float64Array(this.rows),
      values: new Float64Array(this.rows),
      qualities: new Uint32Array(this.rows),
    };
    let at = 0;
    for (const batch of this.batches) {
      out.tagKeys.set(batch.tagKeys, at);
      out.ts.set(batch.ts, at);
      out.values.set(batch.values, at);
      out.qualities.set(batch.qualities, at);
      at += batch.count;
    }
    return out;
  }

  oldest(key: number): number | undefined {
    const tag = this.byTag.get(key);
    return tag ? tag.ts[timeOrder(tag)[0]!] : undefined;
  }

  // Reads take a tag's rows in time order: its arrival order, or the sorted one when they came
  // out of order (late data, a device whose clock was set back).

  /** A tag's rows in [from, to] in time order; rows sharing a time in arrival order. */
  range(key: number, from: number, to: number): SampleRow[] {
    const tag = this.byTag.get(key);
    if (!tag) return [];
    const out: SampleRow[] = [];
    for (const i of timeOrder(tag)) {
      const ts = tag.ts[i]!;
      if (ts > to) break;
      if (ts >= from) out.push([ts, tag.values[i]!, tag.qualities[i]!]);
    }
    return out;
  }

  /** The newest row at or before `at`; of several at one time, the last delivered. */
  lastAtOrBefore(key: number, at: number): SampleRow | undefined {
    const tag = this.byTag.get(key);
    if (!tag) return undefined;
    const order = timeOrder(tag);
    let found = -1;
    for (const i of order) {
      if (tag.ts[i]! > at) break;
      found = i;
    }
    return found < 0 ? undefined : [tag.ts[found]!, tag.values[found]!, tag.qualities[found]!];
  }

  private hold(batch: SampleColumns): void {
    this.batches.push(batch);
    this.rows += batch.count;
    const { count, tagKeys, ts, values, qualities } = batch;
    for (let i = 0; i < count; i++) {
      const key = tagKeys[i]!;
      let tag = this.byTag.get(key);
      if (!tag) {
        tag = { ts: [], values: [], qualities: [], inOrder: true, order: null, sorted: false };
        this.byTag.set(key, tag);
      }
      const t = ts[i]!;
      if (tag.inOrder && tag.ts.length > 0 && t < tag.ts[tag.ts.length - 1]!) tag.inOrder = false;
      tag.order = null;
      tag.sorted = false;
      tag.ts.push(t);
      const value = values[i]!;
      tag.values.push(Number.isNaN(value) ? null : value);
      tag.qualities.push(qualities[i]!);
    }
  }
}

/** Indexes of a tag's rows in time order (a stable sort: ties keep arrival order), kept until the next append. */
function timeOrder(tag: TagRows): readonly number[] {
  tag.order ??= Array.from({ length: tag.ts.length }, (_, i) => i);
  if (!tag.inOrder && !tag.sorted) {
    tag.order.sort((a, b) => tag.ts[a]! - tag.ts[b]! || a - b);
    tag.sorted = true;
  }
  return tag.order;
}

const blob = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** A blob's bytes in an ArrayBuffer of their own (a Buffer may sit at any offset in a shared pool). */
function copyOf(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
