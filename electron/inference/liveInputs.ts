import type { HistoryResult, TagCurrentValue } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { LiveHost } from './inferenceWorker.js';
import type { SampleBatch } from './types.js';

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
  /** The tag's number in the host's messages. */
  id: number;
  /** How far back each reader needs samples, by reader. */
  spans: Map<string, number>;
  /** Longest of `spans`. */
  span: number;
}

const HISTORY_POINTS = 20_000;

/** A value that cannot feed a model: text where a number belongs. */
const asNumber = (value: TagCurrentValue, quality: number): [number | null, number] =>
  typeof value === 'string' ? [null, Quality.BadTypeMismatch] : [value, quality];

/**
 * The tags bindings read, as the main thread forwards them to the inference host, which keeps
 * their recent samples (liveWindows.ts). Live values arrive through `observe` (each current-value
 * change ingest makes) and are sent in columns, once per turn of the event loop: those of one
 * burst of MQTT messages go together, and none waits longer than that burst, since the host runs
 * bindings on its own clock and on their driving tags' samples (liveRunner.ts). When a tag is
 * first read, its recent history is read here and sent, so a binding started or edited now has a
 * full window at once rather than after a window's length of waiting; a replacement host is
 * given every tracked tag and its history again (`restore`).
 */
export class LiveInputs {
  private readonly tracked = new Map<string, Tracked>();
  private nextId = 1;
  private pending = new PendingSamples();
  private immediate: NodeJS.Immediate | null = null;
  /** A batch handed to the host and not yet taken: the next waits, gathering what arrives meanwhile. */
  private sending: Promise<void> | null = null;

  constructor(
    private readonly tags: TagSource,
    private readonly history: HistorySource,
    private readonly host: Pick<LiveHost, 'liveTrack' | 'liveSamples'> & { readonly available: boolean },
    private readonly log: Logger,
  ) {}

  /** The host's number for a tracked tag. */
  id(tag: string): number | undefined {
    return this.tracked.get(tag)?.id;
  }

  /** `reader` needs `spanMs` of each tag's past; answers once its history has reached the host. */
  async track(reader: string, tags: readonly string[], spanMs: number, now: number): Promise<void> {
    const toFill: string[] = [];
    const set: { tag: number; spanMs: number }[] = [];
    for (const tag of tags) {
      let entry = this.tracked.get(tag);
      const fresh = !entry;
      if (!entry) {
        entry = { id: this.nextId++, spans: new Map(), span: 0 };
        this.tracked.set(tag, entry);
        toFill.push(tag);
      }
      entry.spans.set(reader, spanMs);
      const span = Math.max(...entry.spans.values());
      if (fresh || span !== entry.span) set.push({ tag: entry.id, spanMs: span });
      entry.span = span;
      if (fresh) this.observe(tag);
    }
    if (set.length > 0) await this.send(() => this.host.liveTrack({ set, drop: [] }));
    await this.fill(this.host, toFill, now);
  }

  untrack(reader: string): void {
    const set: { tag: number; spanMs: number }[] = [];
    const drop: number[] = [];
    for (const [tag, entry] of this.tracked) {
      if (!entry.spans.delete(reader)) continue;
      if (entry.spans.size === 0) {
        this.tracked.delete(tag);
        drop.push(entry.id);
        continue;
      }
      const span = Math.max(...entry.spans.values());
      if (span !== entry.span) set.push({ tag: entry.id, spanMs: span });
      entry.span = span;
    }
    if (set.length > 0 || drop.length > 0) void this.send(() => this.host.liveTrack({ set, drop }));
  }

  /** A tag's current value changed; answers false for tags no binding reads. */
  observe(tag: string): boolean {
    const entry = this.tracked.get(tag);
    if (!entry) return false;
    const state = this.tags.get(tag);
    if (!state || state.ts === null) return true;
    const [value, quality] = asNumber(state.value, state.quality);
    this.pending.push(entry.id, state.ts, value, quality);
    this.immediate ??= setImmediate(() => this.flush());
    return true;
  }

  /** A replacement host: every tracked tag, and its recent history, again. */
  async restore(host: Pick<LiveHost, 'liveTrack' | 'liveSamples'>, now: number): Promise<void> {
    const set = [...this.tracked.values()].map((entry) => ({ tag: entry.id, spanMs: entry.span }));
    if (set.length === 0) return;
    await host.liveTrack({ set, drop: [] });
    await this.fill(host, [...this.tracked.keys()], now);
  }

  stop(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
  }

  /** Sends what is pending now, and resolves once everything observed so far is with the host. */
  async sent(): Promise<void> {
    while (this.sending || this.pending.size > 0) {
      if (this.sending) await this.sending;
      else this.flush();
    }
  }

  /**
   * Hands the pending samples to the host, unless a batch is still on its way (a host being
   * started, a call ahead of it): then they wait and go together after it, rather than as a
   * queue of calls, one per turn.
   */
  private flush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = null;
    if (this.pending.size === 0 || this.sending) return;
    const batch = this.pending.columns();
    this.pending = new PendingSamples();
    this.sending = this.send(() => this.host.liveSamples(batch, false)).finally(() => {
      this.sending = null;
      if (this.pending.size > 0) this.immediate ??= setImmediate(() => this.flush());
    });
  }

  /** Calls the host unless onnxruntime is known to be missing; a failure is the run's to report. */
  private async send(call: () => Promise<void>): Promise<void> {
    if (!this.host.available) return;
    try {
      await call();
    } catch (error) {
      this.log.debug(`live inputs not sent to the inference host: ${errorMessage(error)}`);
    }
  }

  private async fill(
    host: Pick<LiveHost, 'liveSamples'>,
    tags: readonly string[],
    now: number,
  ): Promise<void> {
    const queries = tags.flatMap((tag) => {
      const key = this.tags.get(tag)?.key;
      const entry = this.tracked.get(tag);
      return key === undefined || !entry
        ? []
        : [{ key, tag, from: Math.max(0, now - entry.span), to: now, maxPoints: HISTORY_POINTS }];
    });
    if (queries.length === 0) return;
    let results: HistoryResult[];
    try {
      results = await this.history.queryRanges(queries);
    } catch (error) {
      // The live stream fills the window anyway; history only shortens the wait.
      this.log.warn(`could not read recent history for ${tags.join(', ')}: ${errorMessage(error)}`);
      return;
    }
    const history = new PendingSamples();
    for (const result of results) {
      const id = this.tracked.get(result.tag)?.id;
      if (id === undefined) continue;
      const { ts, value, quality } = result.points;
      for (let i = 0; i < ts.length; i++) history.push(id, ts[i]!, value[i] ?? null, quality[i]!);
    }
    if (history.size > 0) await this.send(() => host.liveSamples(history.columns(), true));
  }
}

/** Samples gathered one by one, handed over as typed columns (SampleBatch). */
class PendingSamples {
  private readonly tags: number[] = [];
  private readonly ts: number[] = [];
  private readonly value: number[] = [];
  private readonly missing: number[] = [];
  private readonly quality: number[] = [];

  get size(): number {
    return this.tags.length;
  }

  push(tag: number, ts: number, value: number | null, quality: number): void {
    this.tags.push(tag);
    this.ts.push(ts);
    this.value.push(value ?? 0);
    this.missing.push(value === null ? 1 : 0);
    this.quality.push(quality);
  }

  columns(): SampleBatch {
    return {
      tags: Uint32Array.from(this.tags),
      ts: Float64Array.from(this.ts),
      value: Float64Array.from(this.value),
      missing: Uint8Array.from(this.missing),
      quality: Uint32Array.from(this.quality),
    };
  }
}
