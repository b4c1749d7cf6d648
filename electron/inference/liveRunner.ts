import { sharedClockMs } from '../platform/sharedClock.js';
import { encodeResults } from './liveResults.js';
import { LiveWindows } from './liveWindows.js';
import { MAX_ROWS } from './modelRunner.js';
import { TriggerScheduler, type Due } from './triggerScheduler.js';
import type { LiveBinding, LiveEvents, LiveTrack, RunReply, RunRequest, SampleBatch } from './types.js';

interface Entry {
  id: string;
  key: string;
  /** Bindings of one session and window shape share a run. */
  group: string;
  handle: number;
}

/**
 * Live inference as the host process drives it: bindings' windows (liveWindows.ts), and when
 * they run — interval triggers on the host's own clock, sample triggers as soon as the samples
 * of their driving tag arrive. Due bindings are grouped by model and window shape and run in
 * batches of up to MAX_ROWS windows, one group at a time; what falls due meanwhile runs next,
 * and a binding due again before its last window ran keeps only the newer window, so a slow
 * model makes runs sparser rather than the queue longer.
 *
 * The results go to the main thread unasked, one frame per run on the live lane
 * (liveCodec.ts), so a trigger costs one crossing of the process boundary rather than a call
 * and its reply. Each run is noted as started first (`running`, runningMark.ts): the main
 * thread's watchdog (liveLane.ts) reads that note and replaces this process when a run outlasts
 * the limit, since a process stuck in a native call cannot say so itself.
 */
export class LiveRunner {
  private readonly windows: LiveWindows;
  private readonly scheduler: TriggerScheduler<Entry>;
  /** What a bound binding's runs need at hand: its session, its batch group, its handle. */
  private readonly bound = new Map<string, Entry>();
  /** Bindings run on each new sample of a tag, by the tag's number. */
  private readonly drivers = new Map<number, Set<Entry>>();
  /** Bindings due, with where their windows end; by entry, so a binding bound again is not its old self. */
  private readonly pending = new Map<Entry, number>();
  /** When the oldest of `pending` fell due (shared clock). */
  private pendingSince = 0;
  private draining: Promise<void> | null = null;
  private seq = 0;

  constructor(
    runModel: (request: RunRequest) => Promise<RunReply>,
    private readonly events: LiveEvents,
    /** Holds the process for a run (inference.process.ts): loads and fits wait, and it waits for them. */
    private readonly exclusively: <T>(task: () => Promise<T>) => Promise<T> = (task) => task(),
    now: () => number = Date.now,
  ) {
    this.windows = new LiveWindows(runModel);
    this.scheduler = new TriggerScheduler((due) => this.due(due), now);
  }

  track(changes: LiveTrack): void {
    this.windows.track(changes);
  }

  /** Samples in: live ones (`merge` false) trigger the bindings their tags drive. */
  samples(batch: SampleBatch, merge: boolean): void {
    this.windows.samples(batch, merge);
    if (merge || this.drivers.size === 0) return;
    let fired = false;
    for (let i = 0; i < batch.tags.length; i++) {
      const driven = this.drivers.get(batch.tags[i]!);
      if (!driven) continue;
      if (!fired && this.pending.size === 0) this.pendingSince = sharedClockMs();
      fired = true;
      for (const entry of driven) this.pending.set(entry, batch.ts[i]!);
    }
    if (fired) this.drainSoon();
  }

  bind(id: string, spec: LiveBinding): void {
    this.unbind(id);
    this.windows.bind(id, spec);
    const entry: Entry = {
      id,
      key: spec.key,
      group: `${spec.key}|${spec.shape.join('x')}`,
      handle: spec.handle,
    };
    this.bound.set(id, entry);
    if (spec.trigger.kind === 'interval') this.scheduler.addInterval(entry, spec.trigger.everyMs);
    else {
      const driven = this.drivers.get(spec.trigger.tag) ?? new Set<Entry>();
      driven.add(entry);
      this.drivers.set(spec.trigger.tag, driven);
    }
  }

  unbind(id: string): void {
    const entry = this.bound.get(id);
    this.windows.unbind(id);
    if (!entry) return;
    this.bound.delete(id);
    this.scheduler.remove(entry);
    this.pending.delete(entry);
    for (const [tag, driven] of this.drivers)
      if (driven.delete(entry) && driven.size === 0) this.drivers.delete(tag);
  }

  /** Resolves when nothing is due or running. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    this.scheduler.stop();
    this.pending.clear();
  }

  private due(due: readonly Due<Entry>[]): void {
    if (this.pending.size === 0) this.pendingSince = sharedClockMs();
    for (const { key, end } of due) this.pending.set(key, end);
    this.drainSoon();
  }

  private drainSoon(): void {
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const triggeredAt = this.pendingSince;
      const groups = new Map<string, Due<Entry>[]>();
      for (const [entry, end] of this.pending) {
        let group = groups.get(entry.group);
        if (!group) groups.set(entry.group, (group = []));
        group.push({ key: entry, end });
      }
      this.pending.clear();
      for (const group of groups.values())
        for (let i = 0; i < group.length; i += MAX_ROWS)
          await this.exclusively(() => this.runGroup(group.slice(i, i + MAX_ROWS), triggeredAt));
    }
  }

  private async runGroup(group: Due<Entry>[], triggeredAt: number): Promise<void> {
    const key = group[0]!.key.key;
    const ids = new Array<string>(group.length);
    const handles = new Array<number>(group.length);
    const ends = new Float64Array(group.length);
    for (let i = 0; i < group.length; i++) {
      const { key: entry, end } = group[i]!;
      ids[i] = entry.id;
      handles[i] = entry.handle;
      ends[i] = end;
    }
    const seq = ++this.seq;
    this.events.running({ seq, key, handles, startedAt: sharedClockMs() });
    try {
      const run = await this.windows.run(key, ids, ends);
      this.events.results({
        seq,
        key,
        handles,
        ends,
        ...run,
        results: encodeResults(run.results),
        triggeredAt,
        hostMs: sharedClockMs() - triggeredAt,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'INTERNAL';
      this.events.failed({ seq, key, handles, code, message: (error as Error).message });
    }
  }
}
