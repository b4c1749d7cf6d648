import type { SampleColumns } from './types.js';

/**
 * Collects samples into preallocated columns. Appending is a few typed-array stores, so the
 * ingest path on the main thread does no per-sample allocation; full columns are handed over
 * whole and transferred to the worker without copying.
 */
export class SampleBuffer {
  private current: SampleColumns;

  constructor(private readonly capacity = 16_384) {
    this.current = this.allocate();
  }

  get size(): number {
    return this.current.count;
  }

  /** Adds one sample; returns full columns when the buffer filled up, else null. */
  push(tagKey: number, ts: number, value: number | null, quality: number): SampleColumns | null {
    const c = this.current;
    const i = c.count++;
    c.tagKeys[i] = tagKey;
    c.ts[i] = ts;
    c.values[i] = value ?? NaN;
    c.qualities[i] = quality;
    return c.count === this.capacity ? this.take() : null;
  }

  /** Hands over what has been collected (possibly nothing) and starts new columns. */
  take(): SampleColumns {
    const taken = this.current;
    this.current = this.allocate();
    return taken;
  }

  private allocate(): SampleColumns {
    return {
      count: 0,
      tagKeys: new Int32Array(this.capacity),
      ts: new Float64Array(this.capacity),
      values: new Float64Array(this.capacity),
      qualities: new Uint32Array(this.capacity),
    };
  }
}

export function columnBuffers(columns: SampleColumns): ArrayBuffer[] {
  return [
    columns.tagKeys.buffer,
    columns.ts.buffer,
    columns.values.buffer,
    columns.qualities.buffer,
  ] as ArrayBuffer[];
}
