import type { OnnxBinding } from '../../shared/modelBindings.js';
import type { RunLayout } from './bindingCheck.js';
import { decodeResults } from './liveResults.js';
import { MAX_ROWS, type WindowResult } from './modelRunner.js';
import type { Due } from './triggerScheduler.js';
import type { LiveRunReply, LiveRunRequest, SampleBatch } from './types.js';

/** A binding ready to run: its model's session and the group of bindings it batches with. */
export interface RunTarget {
  binding: OnnxBinding;
  session: { key: string; layout: RunLayout; group: string } | null;
  /** Bumped when the binding restarts: results for an older generation are dropped. */
  generation: number;
}

export interface BatchRunnerDeps<T extends RunTarget> {
  /** Runs due bindings on the host's windows (liveWindows.ts). */
  run(request: LiveRunRequest): Promise<LiveRunReply>;
  /** Samples not yet sent to the host: they go with the run, ahead of its windows. */
  samples(): SampleBatch | null;
  /** Whether a target is still the binding in force. */
  live(target: T): boolean;
  /** What each window of a run gave, with the run's latency (the round trip to the host included). */
  results(done: { target: T; end: number; result: WindowResult }[], latencyMs: number): void;
  /** A run failed as a whole: its model threw, was too slow, or the runtime is gone. */
  failed(targets: T[], key: string, error: unknown): void;
}

/**
 * The queue between triggers and the inference host. What falls due is gathered, grouped by model and
 * window shape, and run in batches of up to MAX_ROWS windows, one group at a time; what falls
 * due meanwhile runs next. A binding due again before its last window ran keeps only the newer
 * window, so a slow worker makes runs sparser rather than the queue longer.
 */
export class BatchRunner<T extends RunTarget> {
  private readonly pending = new Map<T, number>();
  private draining: Promise<void> | null = null;

  constructor(private readonly deps: BatchRunnerDeps<T>) {}

  due(due: readonly Due<T>[]): void {
    for (const { key, end } of due) if (key.session && this.deps.live(key)) this.pending.set(key, end);
    if (this.pending.size > 0 && !this.draining)
      this.draining = this.drain().finally(() => (this.draining = null));
  }

  forget(target: T): void {
    this.pending.delete(target);
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    // Whatever else falls due in this turn of the event loop joins the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const groups = new Map<string, { target: T; end: number }[]>();
      for (const [target, end] of this.pending) {
        if (!target.session) continue;
        const group = groups.get(target.session.group) ?? [];
        group.push({ target, end });
        groups.set(target.session.group, group);
      }
      this.pending.clear();
      for (const group of groups.values())
        for (let i = 0; i < group.length; i += MAX_ROWS) await this.runGroup(group.slice(i, i + MAX_ROWS));
    }
  }

  private async runGroup(group: { target: T; end: number }[]): Promise<void> {
    const live = group.filter(({ target }) => target.session && this.deps.live(target));
    const session = live[0]?.target.session;
    if (!session) return;
    const generations = live.map(({ target }) => target.generation);
    const started = performance.now();
    let run: LiveRunReply;
    try {
      run = await this.deps.run({
        key: session.key,
        ids: live.map(({ target }) => target.binding.id),
        ends: Float64Array.from(live, ({ end }) => end),
        samples: this.deps.samples(),
      });
    } catch (error) {
      this.deps.failed(
        live.map((l) => l.target),
        session.key,
        error,
      );
      return;
    }
    const latency = performance.now() - started;
    const results = decodeResults(run.results);
    const done = live.flatMap(({ target, end }, i) =>
      target.generation === generations[i] && this.deps.live(target)
        ? [{ target, end, result: results[i]! }]
        : [],
    );
    this.deps.results(done, latency);
  }
}
