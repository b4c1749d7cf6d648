import type { EventBatch } from './types.js';

/** Collects string tags' events between commits, beside the SampleBuffer of numeric samples. */
export class EventBuffer {
  private current = emptyBatch();

  get size(): number {
    return this.current.count;
  }

  push(tagKey: number, ts: number, text: string | null, quality: number): void {
    const c = this.current;
    c.tagKeys.push(tagKey);
    c.ts.push(ts);
    c.texts.push(text);
    c.qualities.push(quality);
    c.count++;
  }

  /** Hands over what has been collected (possibly nothing) and starts a new batch. */
  take(): EventBatch {
    const taken = this.current;
    this.current = emptyBatch();
    return taken;
  }
}

function emptyBatch(): EventBatch {
  return { count: 0, tagKeys: [], ts: [], texts: [], qualities: [] };
}
