import type { RunLayout } from './bindingCheck.js';
import { runWindows, type WindowJob, type WindowResult } from './modelRunner.js';
import { SampleSeries } from './sampleSeries.js';
import type { LiveBinding, LiveTrack, RunReply, RunRequest, SampleBatch } from './types.js';
import { WindowCache } from './windowCache.js';

interface Tracked {
  series: SampleSeries;
  spanMs: number;
}

/** What one batch of live windows gave, one result per binding asked for, in order. */
export interface LiveRun {
  results: WindowResult[];
  /** Windows that went to the model, and the input's shape for them. */
  rows: number;
  dims: number[];
  splitRows: boolean;
  /** Time inside session.run, null when no window went. */
  runMs: number | null;
}

interface Bound {
  spec: LiveBinding;
  /** Its inputs' series, as of `trackedVersion` (tags tracked or dropped since: looked up again). */
  series: (SampleSeries | undefined)[];
  seriesVersion: number;
  layout: RunLayout;
  cache: WindowCache;
}

/**
 * The live side of inference as the host process keeps it: the recent samples of every tag a
 * binding reads (fed in batches from the main thread, history first), each binding's last
 * window (windowCache.ts), and the runs of due bindings, batched per model. Keeping this next
 * to the sessions means nothing but samples and output values crosses the process boundary —
 * not windows of floats — and filling the windows costs the main thread nothing. When bindings
 * are due is liveRunner.ts's.
 */
export class LiveWindows {
  private readonly tracked = new Map<number, Tracked>();
  private readonly bound = new Map<string, Bound>();
  /** Bumped whenever tags are tracked or dropped. */
  private trackedVersion = 0;

  constructor(private readonly runModel: (request: RunRequest) => Promise<RunReply>) {}

  track({ set, drop }: LiveTrack): void {
    this.trackedVersion++;
    for (const tag of drop) this.tracked.delete(tag);
    for (const { tag, spanMs } of set) {
      const entry = this.tracked.get(tag);
      if (entry) entry.spanMs = spanMs;
      else this.tracked.set(tag, { series: new SampleSeries(), spanMs });
    }
  }

  samples(batch: SampleBatch, merge: boolean): void {
    const { tags, ts, value, missing, quality } = batch;
    for (let i = 0; i < tags.length; i++) {
      const entry = this.tracked.get(tags[i]!);
      if (!entry) continue;
      const v = missing[i] ? null : value[i]!;
      if (merge) entry.series.merge([ts[i]!], [v], [quality[i]!]);
      else {
        entry.series.push(ts[i]!, v, quality[i]!);
        entry.series.trim(ts[i]! - entry.spanMs);
      }
    }
  }

  bind(id: string, spec: LiveBinding): void {
    const rest = spec.shape;
    this.bound.set(id, {
      spec,
      layout: {
        input: spec.input,
        dims: (rows) => [rows, ...rest],
        splitRows: spec.splitRows,
        outputNames: [],
      },
      cache: new WindowCache(),
      series: [],
      seriesVersion: -1,
    });
  }

  unbind(id: string): void {
    this.bound.delete(id);
  }

  private seriesOf(bound: Bound): (SampleSeries | undefined)[] {
    if (bound.seriesVersion !== this.trackedVersion) {
      bound.series = bound.spec.tags.map((tag) => this.tracked.get(tag)?.series);
      bound.seriesVersion = this.trackedVersion;
    }
    return bound.series;
  }

  /** The windows of due bindings of one session, filled, run as one batch, read back. */
  async run(key: string, ids: readonly string[], ends: ArrayLike<number>): Promise<LiveRun> {
    const results = new Array<WindowResult>(ids.length);
    const jobs: WindowJob[] = [];
    const at: number[] = [];
    let layout: RunLayout | null = null;
    for (let i = 0; i < ids.length; i++) {
      const bound = this.bound.get(ids[i]!);
      if (!bound || bound.spec.key !== key) {
        results[i] = { kind: 'skip', reason: 'not bound in the inference process' };
        continue;
      }
      layout ??= bound.layout;
      at.push(i);
      jobs.push({
        binding: bound.spec.binding,
        series: this.seriesOf(bound),
        end: ends[i]!,
        cache: bound.cache,
      });
    }
    const used = layout as RunLayout | null;
    if (!used) return { results, rows: 0, dims: [], splitRows: false, runMs: null };
    const run = await runWindows(this.runModel, key, used, jobs);
    run.results.forEach((result, j) => (results[at[j]!] = result));
    return {
      results,
      rows: run.rows,
      dims: used.dims(run.rows),
      splitRows: used.splitRows,
      runMs: run.runMs,
    };
  }
}
