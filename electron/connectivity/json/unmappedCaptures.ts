import { MAX_CAPTURED_TOPICS, MAX_CAPTURE_BYTES, type UnmappedCapture } from '../../../shared/jsonMapping.js';

/**
 * The latest message of each topic no rule matched, for the engineer to look at and make a rule
 * from. Bounded twice: at most MAX_CAPTURED_TOPICS topics (the one heard from least recently
 * goes first) and MAX_CAPTURE_BYTES of each payload, so a noisy broker cannot grow it.
 */
export class UnmappedCaptures {
  private readonly byTopic = new Map<string, UnmappedCapture>();
  private evicted = 0;

  add(fullTopic: string, bytes: Uint8Array, now: number): void {
    const topic = fullTopic.slice(0, 1024);
    const previous = this.byTopic.get(topic);
    this.byTopic.delete(topic);
    const kept = bytes.subarray(0, MAX_CAPTURE_BYTES);
    this.byTopic.set(topic, {
      topic,
      payload: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('utf8'),
      truncated: bytes.byteLength > MAX_CAPTURE_BYTES,
      bytes: bytes.byteLength,
      count: (previous?.count ?? 0) + 1,
      lastMs: now,
    });
    if (this.byTopic.size > MAX_CAPTURED_TOPICS) {
      const oldest = this.byTopic.keys().next().value!;
      this.byTopic.delete(oldest);
      this.evicted++;
    }
  }

  /** Newest first. */
  list(): { captures: UnmappedCapture[]; evicted: number } {
    return { captures: [...this.byTopic.values()].reverse(), evicted: this.evicted };
  }

  clear(): void {
    this.byTopic.clear();
  }
}
