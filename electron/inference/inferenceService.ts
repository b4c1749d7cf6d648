import {
  derivedTags,
  inputTags,
  type ModelBinding,
  type OnnxBinding,
  type ZScoreBinding,
} from '../../shared/modelBindings.js';
import type {
  InferenceHealth,
  InferenceRuntime,
  ModelFileInfo,
  ModelSignature,
  ModelState,
  ModelStatus,
} from '../../shared/models.js';
import { Quality } from '../../shared/quality.js';
import type { IngestSink } from '../connectivity/ingestEvents.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { checkBinding, type RunLayout } from './bindingCheck.js';
import { DerivedOutputs, type DerivedTagOwners } from './derivedOutputs.js';
import { LiveInputs, type HistorySource, type TagSource } from './liveInputs.js';
import { LiveHandles } from './liveHandles.js';
import type { WindowResult } from './modelRunner.js';
import type { ModelFileSource, ModelWorker, OpenFailure } from './modelSessions.js';
import { ModelSessions } from './modelSessions.js';
import { ModelStatsTracker } from './modelStats.js';
import type { InferenceWorker } from './inferenceWorker.js';
import type { StoredBinding } from '../config/types.js';
import type { LiveBinding, LiveFailed, LiveResults, LiveTrigger } from './types.js';
import { RollingZScore, scoreSample } from './zscore.js';

export interface BindingStore {
  listBindings(): Promise<StoredBinding[]>;
}

/** The host's live windowing (liveWindows.ts), beside what the sessions need. */
export type LiveWorker = ModelWorker &
  Pick<
    InferenceWorker,
    'onLive' | 'liveTrack' | 'liveSamples' | 'liveBind' | 'liveUnbind' | 'liveIdle' | 'onHostReplaced'
  >;

export interface InferenceServiceDeps {
  store: BindingStore;
  worker: LiveWorker;
  files: ModelFileSource & { list(): ModelFileInfo[] };
  /** The data folder's models/, for messages. */
  modelsDir: string;
  ingest: IngestSink;
  tags: TagSource & DerivedTagOwners;
  history: HistorySource;
  /** Bindings in force while the demo plant runs, unless a stored binding has the same id. */
  demoBindings?: () => ModelBinding[];
  log: Logger;
  now?: () => number;
  /** States or statistics changed (coalesced): a good moment to push health. */
  onChange?: () => void;
}

interface Active {
  binding: ModelBinding;
  version: number;
  source: 'stored' | 'demo';
  state: ModelState;
  message: string | null;
  stats: ModelStatsTracker;
  /** Bumped on every (re)start, so late results of an older one are dropped. */
  generation: number;
  /** Its model's session, the bindings it batches with, and how the host runs it. */
  session: { key: string; layout: RunLayout; live: LiveBinding } | null;
  zscore: RollingZScore | null;
}

/**
 * The model runtime as the app sees it: bindings (stored in config.db, plus the demo plant's
 * defaults) are started and stopped, their inputs forwarded from the live stream to the
 * inference process — which keeps their windows, fires their triggers and runs the due ones in
 * batches per model (liveRunner.ts) — and the outputs it sends back written through ingest as
 * the tags of `models/<id>`. Whatever goes wrong — a missing or corrupt file, a binding that
 * does not fit its model, a model that is too slow or throws, NaN in or out — shows as the
 * binding's state and message, with its outputs marked bad; the other bindings run on. Changes to bindings and
 * files take effect without a restart.
 */
export class InferenceService {
  private readonly actives = new Map<string, Active>();
  private readonly handles = new LiveHandles<Active>();
  /** Z-score detectors, by the tag whose new samples they score. */
  private readonly readers = new Map<string, Set<Active>>();
  private readonly inputs: LiveInputs;
  private readonly outputs: DerivedOutputs;
  readonly sessions: ModelSessions;
  private readonly starting = new Set<Promise<void>>();
  private changeTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: InferenceServiceDeps) {
    this.now = deps.now ?? Date.now;
    const worker = deps.worker;
    this.inputs = new LiveInputs(
      deps.tags,
      deps.history,
      {
        liveTrack: (changes) => worker.liveTrack(changes),
        liveSamples: (batch, merge) => worker.liveSamples(batch, merge),
        get available() {
          return worker.runtime.state !== 'unavailable';
        },
      },
      deps.log,
    );
    this.outputs = new DerivedOutputs(deps.ingest, deps.tags);
    this.sessions = new ModelSessions(deps.worker, deps.files, deps.modelsDir);
    worker.onLive({
      results: (results, receivedAt) => this.liveResults(results, receivedAt),
      failed: (failure) => this.liveFailed(failure),
    });
    // A replacement host knows nothing: it is given the tags, their history and the bindings.
    worker.onHostReplaced(async (host) => {
      await this.inputs.restore(host, this.now());
      for (const active of this.actives.values())
        if (active.session) await host.liveBind(active.binding.id, active.session.live);
    });
  }

  async start(): Promise<void> {
    const stored = await this.deps.store.listBindings();
    const ids = new Set(stored.map((s) => s.binding.id));
    for (const { binding, version } of stored) this.install(binding, version, 'stored');
    for (const binding of this.deps.demoBindings?.() ?? [])
      if (!ids.has(binding.id)) this.install(binding, 0, 'demo');
  }

  async stop(): Promise<void> {
    this.inputs.stop();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    await Promise.allSettled([...this.starting]);
    for (const active of this.actives.values()) this.deactivate(active);
    this.actives.clear();
  }

  /**
   * Resolves once every binding started so far has loaded its model, and the runs its samples so
   * far made due in the host are done and written (for tests and start-up).
   */
  async settled(): Promise<void> {
    while (this.starting.size > 0) await Promise.allSettled([...this.starting]);
    await this.inputs.sent();
    if (this.runtime.state !== 'unavailable') await this.deps.worker.liveIdle().catch(() => {});
  }

  /** A tag's current value changed (called by ingest for every sample it takes). */
  observe(tag: string): void {
    const tracked = this.inputs.observe(tag);
    const readers = this.readers.get(tag);
    if (!tracked && !readers) return;
    for (const active of readers ?? [])
      if (active.binding.kind === 'zscore') this.scoreZ(active, active.binding);
  }

  /** Starts (or restarts) a binding: the old one with the same id stops first. */
  install(binding: ModelBinding, version: number, source: 'stored' | 'demo'): void {
    const previous = this.actives.get(binding.id);
    if (previous) this.deactivate(previous);
    const active: Active = {
      binding,
      version,
      source,
      state: 'waiting',
      message: null,
      stats: previous?.stats ?? new ModelStatsTracker(),
      generation: (previous?.generation ?? 0) + 1,
      session: null,
      zscore: null,
    };
    this.actives.set(binding.id, active);
    this.changed();
    if (!binding.enabled) return this.setState(active, 'disabled', null);
    const clashes = this.clashes(binding);
    if (clashes.length > 0)
      return this.setState(active, 'error', `cannot write its outputs: ${clashes.join('; ')}`);
    this.outputs.define(binding);
    if (binding.kind === 'zscore') {
      active.zscore = new RollingZScore(binding.samples);
      this.addReader(binding.tag, active);
      this.setState(active, 'waiting', `waiting for ${binding.samples} samples of ${binding.tag}`);
      return;
    }
    const starting = this.prepare(active, binding).catch((error: unknown) => {
      this.deps.log.error(`starting model binding ${binding.id} failed: ${errorMessage(error)}`);
    });
    this.starting.add(starting);
    void starting.finally(() => this.starting.delete(starting));
  }

  /** Stops a binding; its outputs are written bad with `quality` when given. */
  remove(id: string, quality?: number): void {
    const active = this.actives.get(id);
    if (!active) return;
    this.deactivate(active);
    this.actives.delete(id);
    if (quality !== undefined) this.outputs.writeBad(active.binding, this.now(), quality);
    this.outputs.offline(active.binding, this.now());
    this.changed();
  }

  /** Output tags of a binding that another device already owns, as messages. */
  clashes(binding: ModelBinding): string[] {
    return this.outputs.clashes(binding, (tag) => this.writerOf(tag));
  }

  /** The binding in force that writes a tag, if any. */
  private writerOf(tag: string): string | undefined {
    for (const active of this.actives.values())
      if (active.state !== 'disabled' && derivedTags(active.binding).some((d) => d.tag === tag))
        return active.binding.id;
    return undefined;
  }

  /** Writes a stopped binding's outputs as out of service and its device offline. */
  outOfService(binding: ModelBinding): void {
    if (this.clashes(binding).length > 0) return;
    this.outputs.writeBad(binding, this.now(), Quality.BadOutOfService);
    this.outputs.offline(binding, this.now());
  }

  get(
    id: string,
  ): { binding: ModelBinding; version: number; source: 'stored' | 'demo'; state: ModelState } | undefined {
    return this.actives.get(id);
  }

  /** A demo default for an id, if the demo plant binds one. */
  demoBinding(id: string): ModelBinding | undefined {
    return this.deps.demoBindings?.().find((binding) => binding.id === id);
  }

  /** A model file in the data folder changed: bindings of it start again on the new file. */
  async fileChanged(file: string): Promise<void> {
    await this.sessions.changed(file);
    for (const active of [...this.actives.values()]) {
      if (active.binding.kind === 'onnx' && active.binding.model === file) {
        this.deps.log.info(`model file ${file} changed: restarting binding ${active.binding.id}`);
        this.install(active.binding, active.version, active.source);
      }
    }
  }

  status(id: string): ModelStatus | undefined {
    const active = this.actives.get(id);
    return active && this.statusOf(active);
  }

  list(): ModelStatus[] {
    return [...this.actives.values()]
      .sort((a, b) => a.binding.id.localeCompare(b.binding.id))
      .map((active) => this.statusOf(active));
  }

  files(): ModelFileInfo[] {
    return this.deps.files.list();
  }

  get runtime(): InferenceRuntime {
    return this.deps.worker.runtime;
  }

  health(): InferenceHealth {
    return {
      runtime: this.runtime,
      models: this.list().map((status) => ({
        id: status.binding.id,
        state: status.state,
        message: status.message,
        ...status.stats,
      })),
    };
  }

  signature(file: string): Promise<{ ok: true; signature: ModelSignature } | OpenFailure> {
    return this.sessions.signature(file);
  }

  /** Problems of an ONNX binding against its model, or null when it fits (or cannot be checked now). */
  async problems(binding: OnnxBinding): Promise<{ problems: string[]; checked: boolean }> {
    const opened = await this.sessions.open(binding.model);
    if (!opened.ok) return { problems: [opened.message], checked: this.runtime.state !== 'unavailable' };
    const check = checkBinding(binding, opened.signature);
    return { problems: check.ok ? [] : check.problems, checked: true };
  }

  private statusOf(active: Active): ModelStatus {
    return {
      binding: active.binding,
      version: active.version,
      source: active.source,
      state: active.state,
      message: active.message,
      stats: active.stats.snapshot(this.now()),
    };
  }

  private async prepare(active: Active, binding: OnnxBinding): Promise<void> {
    const generation = active.generation;
    const current = () => active.generation === generation && this.actives.get(binding.id) === active;
    this.setState(active, 'waiting', `loading ${binding.model}`);
    const { steps, stepMs } = binding.window;
    // A driving tag is forwarded too: its samples fire the binding in the host.
    const driver = binding.trigger.kind === 'sample' ? [binding.trigger.tag] : [];
    const tracking = this.inputs.track(
      binding.id,
      [...binding.inputs.map((i) => i.tag), ...driver],
      steps * stepMs + stepMs,
      this.now(),
    );
    const opened = await this.sessions.open(binding.model);
    if (!current()) return;
    if (!opened.ok) return this.fail(active, opened.message, Quality.BadConfigurationError);
    const check = checkBinding(binding, opened.signature);
    if (!check.ok)
      return this.fail(
        active,
        `does not fit ${binding.model}: ${check.problems.join('; ')}`,
        Quality.BadConfigurationError,
      );
    const { layout } = check;
    try {
      // Warm-up: the first run of a session pays for allocations; better here than in a live window.
      await this.deps.worker.run({
        key: opened.key,
        input: layout.input,
        data: new Float32Array(steps * binding.inputs.length),
        dims: layout.dims(1),
        outputs: layout.outputNames,
        rows: 1,
        splitRows: layout.splitRows,
      });
    } catch (error) {
      if (!current()) return;
      return this.runFailed([active], opened.key, error, 'its warm-up run');
    }
    await tracking;
    if (!current()) return;
    const live: LiveBinding = {
      binding,
      key: opened.key,
      input: layout.input,
      shape: layout.dims(1).slice(1),
      splitRows: layout.splitRows,
      tags: binding.inputs.map((input) => this.inputs.id(input.tag) ?? 0),
      trigger: this.liveTrigger(binding),
      handle: this.handles.issue(active),
    };
    active.session = { key: opened.key, layout, live };
    // A host replaced meanwhile is given it by onHostReplaced, with the session set above.
    await this.deps.worker.liveBind(binding.id, live).catch(() => {});
    if (!current()) return;
    this.setState(active, 'waiting', 'waiting for its first window');
  }

  private liveTrigger(binding: OnnxBinding): LiveTrigger {
    return binding.trigger.kind === 'interval'
      ? binding.trigger
      : { kind: 'sample', tag: this.inputs.id(binding.trigger.tag) ?? 0 };
  }

  /** A live run's outputs, with the latency from its trigger in the host to their arrival here. */
  private liveResults(run: LiveResults, receivedAt: number): void {
    this.results(this.handles.results(run), receivedAt - run.triggeredAt);
  }

  private liveFailed(failure: LiveFailed): void {
    const actives = this.handles.ownersOf(failure.handles);
    const error = Object.assign(new Error(failure.message), { code: failure.code });
    this.runFailed(actives, failure.key, error, 'a run');
  }

  /** Outputs and states from windows evaluated (by a model, or by a z-score detector). */
  private results(done: { target: Active; end: number; result: WindowResult }[], latency: number): void {
    const now = this.now();
    for (const { target: active, end, result } of done) {
      if (result.kind === 'values') {
        this.outputs.write(active.binding, end, result.values, result.qualities);
        active.stats.recordRun(now, latency);
        if (result.problem) active.stats.recordError(now, result.problem);
        this.setState(active, 'running', result.problem);
      } else if (result.kind === 'bad') {
        this.outputs.writeBad(active.binding, end, result.quality);
        this.setState(active, 'waiting', `outputs marked bad: ${result.reason}`);
      } else this.setState(active, 'waiting', `run skipped: ${result.reason}`);
    }
  }

  /**
   * A run that failed takes its model out of service with the error shown, outputs bad, until
   * the file changes or an engineer saves or enables the binding again. A timeout takes out
   * every binding of the model: the worker was replaced and let go of it.
   */
  private runFailed(actives: Active[], key: string, error: unknown, what: string): void {
    const code = (error as { code?: string }).code;
    const timedOut = code === 'TIMEOUT';
    const message = timedOut
      ? `${what} took longer than the limit (${errorMessage(error)}); out of service until saved or enabled again`
      : `${what} failed: ${errorMessage(error)}; out of service until saved or enabled again`;
    if (code !== 'RUNTIME_UNAVAILABLE') this.sessions.fail(key, message);
    const affected = timedOut
      ? [...this.actives.values()].filter((a) => a.session?.key === key || actives.includes(a))
      : actives;
    for (const active of affected) this.fail(active, message, Quality.BadDeviceFailure);
  }

  private fail(active: Active, message: string, quality: number): void {
    this.unbind(active);
    active.stats.recordError(this.now(), message);
    this.outputs.writeBad(active.binding, this.now(), quality);
    this.setState(active, 'error', message);
    this.deps.log.warn(`model binding ${active.binding.id}: ${message}`);
  }

  private scoreZ(active: Active, binding: ZScoreBinding): void {
    const tag = this.deps.tags.get(binding.tag);
    if (!tag || tag.ts === null || !active.zscore) return;
    const result = scoreSample(active.zscore, binding, tag.value, tag.quality);
    if (result) this.results([{ target: active, end: tag.ts, result }], 0);
  }

  private addReader(tag: string, active: Active): void {
    const set = this.readers.get(tag) ?? new Set<Active>();
    set.add(active);
    this.readers.set(tag, set);
  }

  private deactivate(active: Active): void {
    active.generation++;
    this.unbind(active);
    this.inputs.untrack(active.binding.id);
    for (const tag of inputTags(active.binding)) {
      const set = this.readers.get(tag);
      set?.delete(active);
      if (set?.size === 0) this.readers.delete(tag);
    }
  }

  private unbind(active: Active): void {
    if (!active.session) return;
    this.handles.release(active.session.live.handle);
    active.session = null;
    this.deps.worker.liveUnbind(active.binding.id).catch(() => {});
  }

  private setState(active: Active, state: ModelState, message: string | null): void {
    if (active.state === state && active.message === message) return;
    active.state = state;
    active.message = message;
    this.changed();
  }

  private changed(): void {
    if (!this.deps.onChange || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.deps.onChange?.();
    }, 250);
  }
}
