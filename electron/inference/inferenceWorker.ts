import type { InferenceRuntime } from '../../shared/models.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { ProcessClient } from '../platform/processClient.js';
import { forkLauncher, resolveProcessEntry, type ProcessLauncher } from '../platform/processLauncher.js';
import { WorkerError } from '../platform/workerProtocol.js';
import type { Baseline, BaselineRequest } from './learnNormal/baseline.js';
import { LiveLane } from './liveLane.js';
import type {
  InferenceWorkerApi,
  LiveBinding,
  LiveFailed,
  LiveResults,
  LiveTrack,
  RunReply,
  RunRequest,
  SampleBatch,
  SessionSignature,
} from './types.js';

/** The live-windowing calls of the host (liveWindows.ts), as a replacement host is restored with. */
export interface LiveHost {
  liveTrack(changes: LiveTrack): Promise<void>;
  liveSamples(batch: SampleBatch, merge: boolean): Promise<void>;
  liveBind(id: string, spec: LiveBinding): Promise<void>;
}

/** Who hears of the host's live runs (liveRunner.ts). */
export interface LiveListener {
  /** `receivedAt`: when the results reached this thread, on the shared clock (sharedClock.ts). */
  results(results: LiveResults, receivedAt: number): void;
  /** A run that threw, outlasted the limit (TIMEOUT), or was in flight when the host went. */
  failed(failure: LiveFailed): void;
}

export interface InferenceWorkerOptions {
  log: Logger;
  /** The module imported as onnxruntime (default `onnxruntime-node`); a test names a missing one. */
  runtimeModule?: string;
  /**
   * Starts the host process: `child_process.fork` by default; the Electron shell passes one on
   * `utilityProcess` (electron/shell/utilityLauncher.ts).
   */
  launcher?: ProcessLauncher;
  /**
   * Longest one run — asked for, or live in the host — may take before its model is taken out
   * and the host replaced (default 1 s).
   */
  runTimeoutMs?: number;
  /** Longest loading a model file may take (default 30 s). */
  loadTimeoutMs?: number;
  onRuntimeChange?(runtime: InferenceRuntime): void;
}

/** Host errors that mean the process is gone: a fresh one is started. */
const GONE = new Set(['WORKER_EXITED', 'UNAVAILABLE', 'TERMINATED', 'START_FAILED']);

/**
 * The facade of the inference host, a child process (inference.process.ts) rather than a
 * worker thread: a thread stopped inside onnxruntime's native run can abort the whole app when
 * the run returns into its dying environment; a process is simply killed. The host starts with
 * the first model that needs it (onnxruntime is loaded lazily there), and calls go to it one at
 * a time, so the time a run takes is the model's own and a run past its limit is that model's.
 *
 * Live bindings run in the host on their own triggers (liveRunner.ts). Their samples go to it,
 * and their results come back unasked (`onLive`), on the live lane: binary frames on a local
 * socket beside the IPC channel, with a watchdog on the runs (liveLane.ts), since a host stuck
 * in a native call cannot tell.
 *
 * A run past `runTimeoutMs`, asked for or live, fails with TIMEOUT: the host is killed (SIGKILL)
 * and a fresh one started at once, loading every other model again. That model is not
 * reloaded; the caller decides what to do with it. A host that exits or crashes on its own is replaced the same way,
 * its exit code or signal in the log and in `runtime.lastRestart`; the live state the host kept
 * (tracked tags, their recent samples, bindings: liveWindows.ts) is given to the replacement
 * by whoever registered `onHostReplaced`, before any other call reaches it.
 */
export class InferenceWorker {
  private client: ProcessClient<InferenceWorkerApi> | null = null;
  /** Loaded models by key, with their files, to load again in a replacement worker. */
  private readonly loaded = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Whether a host ran before: a replacement is given the live state again. */
  private started = false;
  private restore: ((host: LiveHost) => Promise<void>) | null = null;
  private live: LiveListener | null = null;
  /** The current host's live lane. */
  private lane: LiveLane | null = null;
  /** Calls queued or running: live samples wait behind them, on the IPC channel, in order. */
  private queued = 0;
  private readonly runtime_: InferenceRuntime = {
    state: 'idle',
    version: null,
    error: null,
    restarts: 0,
    lastRestart: null,
  };

  constructor(private readonly options: InferenceWorkerOptions) {}

  get runtime(): InferenceRuntime {
    return { ...this.runtime_ };
  }

  /** Loads (or reloads) a model file under a key; answers what the session reads of it. */
  load(key: string, path: string): Promise<SessionSignature> {
    return this.serial(async (client) => {
      const signature = await this.call(client, 'load', { key, path }, this.loadTimeout(), key);
      this.loaded.set(key, path);
      return signature;
    });
  }

  unload(key: string): Promise<void> {
    if (!this.loaded.delete(key)) return Promise.resolve();
    return this.serial(async (client) => {
      await this.call(client, 'unload', { key }, this.loadTimeout(), null);
    });
  }

  run(request: RunRequest): Promise<RunReply> {
    return this.serial((client) =>
      this.call(client, 'run', request, this.options.runTimeoutMs ?? 1_000, request.key),
    );
  }

  liveTrack(changes: LiveTrack): Promise<void> {
    return this.serial(async (client) => void (await client.call('liveTrack', changes)));
  }

  /**
   * Samples of tracked tags: history (`merge`) as a call; live ones on the live lane, unless
   * calls are queued (a tag being tracked, a host being started), which they then follow.
   */
  liveSamples(batch: SampleBatch, merge: boolean): Promise<void> {
    if (!merge && this.queued === 0 && !this.stopped && this.lane?.sendSamples(batch))
      return Promise.resolve();
    return this.serial(async (client) => void (await client.call('liveSamples', { batch, merge })));
  }

  liveBind(id: string, spec: LiveBinding): Promise<void> {
    return this.serial(async (client) => void (await client.call('liveBind', { id, ...spec })));
  }

  liveUnbind(id: string): Promise<void> {
    if (!this.client) return Promise.resolve();
    return this.serial(async (client) => void (await client.call('liveUnbind', { id })));
  }

  /** Resolves once the host's live runs due now are done and their results heard. */
  liveIdle(): Promise<void> {
    // A host being replaced counts: the queue starts the next one before this call reaches it.
    if (!this.started || this.stopped) return Promise.resolve();
    return this.serial(async (client) => void (await client.call('liveIdle', null)));
  }

  /** `listener` hears the results of live runs, and their failures. */
  onLive(listener: LiveListener): void {
    this.live = listener;
  }

  /**
   * `restore` gives a replacement host the live state the one before it had (tracked tags, their
   * recent history, bindings) before any other call reaches it.
   */
  onHostReplaced(restore: (host: LiveHost) => Promise<void>): void {
    this.restore = restore;
  }

  /** Fits a baseline in the host process (PCA over history, learnNormal/baseline.ts). */
  learnBaseline(request: BaselineRequest): Promise<Baseline | { problem: string }> {
    return this.serial((client) => this.call(client, 'learnBaseline', request, this.loadTimeout(), null));
  }

  /** The model and bindings of the live run the host is in, if any (diagnostics; tests). */
  liveRunInFlight(): { key: string; handles: number[] } | null {
    const run = this.lane?.inFlight();
    return run ? { key: run.key, handles: run.handles } : null;
  }

  /** The host process's id while one runs (diagnostics; a test kills it from outside). */
  get hostPid(): number | undefined {
    return this.client?.pid;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.stop();
    this.lane?.close();
    this.lane = null;
  }

  private loadTimeout(): number {
    return this.options.loadTimeoutMs ?? 30_000;
  }

  /** Runs `task` once the calls before it are done, with a started host. */
  private serial<T>(task: (client: ProcessClient<InferenceWorkerApi>) => Promise<T>): Promise<T> {
    // With the worker running, the task starts in the same microtask as the call before it ends.
    this.queued++;
    const next = this.queue.then(() =>
      this.client && !this.stopped ? task(this.client) : this.ensureWorker().then(task),
    );
    this.queue = next.catch(() => {}).finally(() => this.queued--);
    return next;
  }

  private async call<M extends 'load' | 'unload' | 'run' | 'learnBaseline'>(
    client: ProcessClient<InferenceWorkerApi>,
    method: M,
    args: Parameters<InferenceWorkerApi[M]>[0],
    timeoutMs: number,
    key: string | null,
  ): Promise<ReturnType<InferenceWorkerApi[M]>> {
    try {
      return (await client.call(method, args, timeoutMs)) as ReturnType<InferenceWorkerApi[M]>;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'TIMEOUT') {
        // The host is busy in that model, maybe for good: kill it and start afresh.
        if (key !== null) this.loaded.delete(key);
        this.replace(client, `${method} of ${key ?? 'a model'} took longer than ${timeoutMs} ms`);
      } else if (GONE.has(code)) this.replace(client, errorMessage(error));
      throw error;
    }
  }

  /**
   * Kills `client` if it is still the host, and starts a new one behind the calls queued now,
   * so the other models are loaded again before the next run needs them.
   */
  private replace(client: ProcessClient<InferenceWorkerApi>, reason: string): void {
    if (this.client !== client) return;
    this.client = null;
    client.kill();
    // A live run in flight went with the host: its bindings hear why.
    const inFlight = this.lane?.inFlight();
    this.lane?.close();
    this.lane = null;
    if (inFlight) this.live?.failed({ ...inFlight, code: 'TERMINATED', message: reason });
    this.runtime_.restarts++;
    this.runtime_.lastRestart = reason;
    this.options.log.warn(`inference process replaced: ${reason}`);
    this.changed();
    if (!this.stopped) this.serial(async () => null).catch(() => {});
  }

  private async ensureWorker(): Promise<ProcessClient<InferenceWorkerApi>> {
    if (this.stopped) throw new WorkerError('UNAVAILABLE', 'inference is stopped');
    if (this.runtime_.state === 'unavailable')
      throw new WorkerError('RUNTIME_UNAVAILABLE', this.runtime_.error ?? 'onnxruntime is unavailable');
    if (this.client) return this.client;
    let lane: LiveLane;
    try {
      lane = await LiveLane.open();
    } catch (error) {
      throw new WorkerError('START_FAILED', `no live lane to the inference process: ${errorMessage(error)}`);
    }
    const client: ProcessClient<InferenceWorkerApi> = new ProcessClient<InferenceWorkerApi>({
      launcher: this.options.launcher ?? forkLauncher,
      entry: resolveProcessEntry(import.meta.url, 'inference.process'),
      name: 'inference process',
      data: { runtimeModule: this.options.runtimeModule ?? 'onnxruntime-node', ...lane.hostData },
      log: this.options.log,
      callTimeoutMs: this.loadTimeout(),
      slowCallMs: 1_000,
      onExit: (reason) => this.replace(client, reason),
    });
    try {
      await client.start();
      await lane.accept(this.loadTimeout(), this.options.runTimeoutMs ?? 1_000, {
        results: (results, receivedAt) => {
          if (this.client === client) this.live?.results(results, receivedAt);
        },
        failed: (failure) => {
          if (this.client === client) this.live?.failed(failure);
        },
        malformed: (error) => {
          this.options.log.warn(`a live frame from the inference process was dropped: ${error.message}`);
        },
        stuck: (run, forMs) => {
          if (this.client !== client) return;
          const reason = `a live run of ${run.key} took longer than the limit (${forMs.toFixed(0)} ms)`;
          this.live?.failed({ ...run, code: 'TIMEOUT', message: reason });
          this.loaded.delete(run.key);
          this.replace(client, reason);
        },
      });
      const { version } = await client.call('runtime', null);
      if (this.runtime_.state !== 'ok' || this.runtime_.version !== version) {
        Object.assign(this.runtime_, { state: 'ok', version, error: null });
        this.options.log.info(`onnxruntime ${version} loaded in the inference process`);
        this.changed();
      }
    } catch (error) {
      lane.close();
      client.kill();
      const message = errorMessage(error);
      Object.assign(this.runtime_, { state: 'unavailable', error: message });
      this.options.log.error(`${message}; models stay off, everything else runs on`);
      this.changed();
      throw new WorkerError('RUNTIME_UNAVAILABLE', message);
    }
    this.client = client;
    this.lane = lane;
    for (const [key, path] of this.loaded) {
      // A host that died while loading: the next one loads the rest (the one in flight is dropped).
      if (this.client !== client) break;
      try {
        await client.call('load', { key, path });
      } catch (error) {
        this.loaded.delete(key);
        this.options.log.warn(`could not load ${path} again after a restart: ${errorMessage(error)}`);
      }
    }
    if (this.started && this.restore && this.client === client) {
      try {
        await this.restore({
          liveTrack: async (changes) => void (await client.call('liveTrack', changes)),
          liveSamples: async (batch, merge) => void (await client.call('liveSamples', { batch, merge })),
          liveBind: async (id, spec) => void (await client.call('liveBind', { id, ...spec })),
        });
      } catch (error) {
        this.options.log.warn(`could not restore live windows after a restart: ${errorMessage(error)}`);
      }
    }
    this.started = true;
    return client;
  }

  private changed(): void {
    this.options.onRuntimeChange?.(this.runtime);
  }
}
