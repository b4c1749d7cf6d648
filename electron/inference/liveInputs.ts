import type { HistoryResult, TagCurrentValue } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { SampleSeries } from './sampleSeries.js';

/** What the inputs read of a tag: its key for history, its current value. */
export interface TagSource {
  get(id: string): { key: number; value: TagCurrentValue; quality: number; ts: number | null } | undefined;
}

export interface HistorySource {
  queryRanges(
    queries: { key: number; tag: string; from: number; to: number; maxPoints: number }[],
  ): Promise<HistoryResult[]>;
}

interface Tracked {
  series: SampleSeries;
  /** How far back each reader needs samples, by reader. */
  spans: Map<object, number>;
  /** Longest of `spans`. */
  span: number;
  /** Filled from history already (or being filled). */
  filled: boolean;
}

/** A value that cannot feed a model: text where a number belongs. */
const asNumber = (value: TagCurrentValue, quality: number): [number | null, number] =>
  typeof value === 'string' ? [null, Quality.BadTypeMismatch] : [value, quality];

/**
 * The recent samples of every tag some binding reads, kept as long as the longest window over
 * them needs. Live values arrive through `observe` (each current-value change ingest makes);
 * when a tag is first read, its recent history is loaded so a binding started or edited now has
 * a full window at once rather than after a window's length of waiting.
 */
export class LiveInputs {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly tags: TagSource,
    private readonly history: HistorySource,
    private readonly log: Logger,
  ) {}

  series(tag: string): SampleSeries | undefined {
    return this.tracked.get(tag)?.series;
  }

  isTracked(tag: string): boolean {
    return this.tracked.has(tag);
  }

  /** `reader` needs `spanMs` of each tag's past; answers once history has been merged in. */
  async track(reader: object, tags: readonly string[], spanMs: number, now: number): Promise<void> {
    const toFill: string[] = [];
    for (const tag of tags) {
      let entry = this.tracked.get(tag);
      if (!entry) {
        entry = { series: new SampleSeries(), spans: new Map(), span: 0, filled: false };
        this.tracked.set(tag, entry);
        this.observe(tag);
      }
      entry.spans.set(reader, spanMs);
      entry.span = Math.max(...entry.spans.values());
      if (!entry.filled) {
        entry.filled = true;
        toFill.push(tag);
      }
    }
    await this.fill(toFill, spanMs, now);
  }

  untrack(reader: object): void {
    for (const [tag, entry] of this.tracked) {
      if (!entry.spans.delete(reader)) continue;
      if (entry.spans.size === 0) this.tracked.delete(tag);
      else entry.span = Math.max(...entry.spans.values());
    }
  }

  /** A tag's current value changed; answers false for tags no binding reads. */
  observe(tag: string): boolean {
    const entry = this.tracked.get(tag);
    if (!entry) return false;
    const state = this.tags.get(tag);
    if (!state || state.ts === null) return true;
    const [value, quality] = asNumber(state.value, state.quality);
    entry.series.push(state.ts, value, quality);
    entry.series.trim(state.ts - entry.span);
    return true;
  }

  private async fill(tags: string[], spanMs: number, now: number): Promise<void> {
    const queries = tags.flatMap((tag) => {
      const key = this.tags.get(tag)?.key;
      return key === undefined
        ? []
        : [{ key, tag, from: Math.max(0, now - spanMs), to: now, maxPoints: 20_000 }];
    });
    if (queries.length === 0) return;
    try {
      const results = await this.history.queryRanges(queries);
      for (const result of results) {
        const entry = this.tracked.get(result.tag);
        if (!entry) continue;
        const { ts, value, quality } = result.points;
        entry.series.merge(ts, value, quality);
      }
    } catch (error) {
      // The live stream fills the window anyway; history only shortens the wait.
      this.log.warn(`could not read recent history for ${tags.join(', ')}: ${errorMessage(error)}`);
    }
  }
}
