import type { InferenceRuntime } from '../../shared/models.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { WorkerClient } from '../platform/workerClient.js';
import { WorkerError } from '../platform/workerProtocol.js';
import type { Baseline, BaselineRequest } from './learnNormal/baseline.js';
import type { InferenceWorkerApi, RunReply, RunRequest, SessionSignature } from './types.js';

export interface InferenceWorkerOptions {
  log: Logger;
  /** The module imported as onnxruntime (default `onnxruntime-node`); a test names a missing one. */
  runtimeModule?: string;
  /** Longest one run may take before its model is taken out and the worker replaced (default 1 s). */
  runTimeoutMs?: number;
  /** Longest loading a model file may take (default 30 s). */
  loadTimeoutMs?: number;
  onRuntimeChange?(runtime: InferenceRuntime): void;
}

/** Worker errors that mean the thread is gone: the next call starts a fresh one. */
const GONE = new Set(['WORKER_EXITED', 'UNAVAILABLE', 'TERMINATED', 'START_FAILED']);

/**
 * The inference worker's main-thread facade. The worker starts with the first model that needs
 * it (onnxruntime is loaded lazily there), and calls go to it one at a time, so the time a run
 * takes is the model's own and a run past its limit is known to be that model's.
 *
 * A run past `runTimeoutMs` fails with TIMEOUT and the worker is replaced at once: the thread
 * may be inside a native call that JavaScript cannot interrupt, so it is told to stop (it does
 * when the call returns) and a fresh worker loads every other model again. That model is not
 * reloaded; the caller decides what to do with it. A crashed worker is replaced the same way.
 */
export class InferenceWorker {
  private client: WorkerClient<InferenceWorkerApi> | null = null;
  /** Loaded models by key, with their files, to load again in a replacement worker. */
  private readonly loaded = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly runtime_: InferenceRuntime = { state: 'idle', version: null, error: null, restarts: 0 };

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
      this.call(client, 'run', request, this.options.runTimeoutMs ?? 1_000, request.key, [
        request.data.buffer as ArrayBuffer,
      ]),
    );
  }

  /** Fits a baseline in the worker; the history's buffers are handed over, not copied. */
  learnBaseline(request: BaselineRequest): Promise<Baseline | { problem: string }> {
    const transfer = request.series.flatMap(
      (s) => [s.ts.buffer, s.value.buffer, s.quality.buffer] as ArrayBuffer[],
    );
    return this.serial((client) =>
      this.call(client, 'learnBaseline', request, this.loadTimeout(), null, transfer),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.queue.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.stop();
  }

  private loadTimeout(): number {
    return this.options.loadTimeoutMs ?? 30_000;
  }

  /** Runs `task` once the calls before it are done, with a started worker. */
  private serial<T>(task: (client: WorkerClient<InferenceWorkerApi>) => Promise<T>): Promise<T> {
    // With the worker running, the task starts in the same microtask as the call before it ends.
    const next = this.queue.then(() =>
      this.client && !this.stopped ? task(this.client) : this.ensureWorker().then(task),
    );
    this.queue = next.catch(() => {});
    return next;
  }

  private async call<M extends 'load' | 'unload' | 'run' | 'learnBaseline'>(
    client: WorkerClient<InferenceWorkerApi>,
    method: M,
    args: Parameters<InferenceWorkerApi[M]>[0],
    timeoutMs: number,
    key: string | null,
    transfer: ArrayBuffer[] = [],
  ): Promise<ReturnType<InferenceWorkerApi[M]>> {
    try {
      return (await client.call(method, args, transfer, timeoutMs)) as ReturnType<InferenceWorkerApi[M]>;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'TIMEOUT') {
        // The thread is busy in that model, maybe for good: give it up and start afresh.
        if (key !== null) this.loaded.delete(key);
        this.replace(`${method} of ${key ?? 'a model'} took longer than ${timeoutMs} ms`);
      } else if (GONE.has(code)) this.replace(`the worker stopped: ${errorMessage(error)}`);
      throw error;
    }
  }

  private replace(reason: string): void {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.terminate();
    this.runtime_.restarts++;
    this.options.log.warn(`inference worker replaced: ${reason}`);
    this.changed();
  }

  private async ensureWorker(): Promise<WorkerClient<InferenceWorkerApi>> {
    if (this.stopped) throw new WorkerError('UNAVAILABLE', 'inference is stopped');
    if (this.runtime_.state === 'unavailable')
      throw new WorkerError('RUNTIME_UNAVAILABLE', this.runtime_.error ?? 'onnxruntime is unavailable');
    if (this.client) return this.client;
    const client = new WorkerClient<InferenceWorkerApi>({
      callerUrl: import.meta.url,
      stem: 'inference.worker',
      workerData: { runtimeModule: this.options.runtimeModule ?? 'onnxruntime-node' },
      log: this.options.log,
      callTimeoutMs: this.loadTimeout(),
      slowCallMs: 1_000,
    });
    try {
      await client.start();
      const { version } = await client.call('runtime', null);
      if (this.runtime_.state !== 'ok' || this.runtime_.version !== version) {
        Object.assign(this.runtime_, { state: 'ok', version, error: null });
        this.options.log.info(`onnxruntime ${version} loaded in the inference worker`);
        this.changed();
      }
    } catch (error) {
      client.terminate();
      const message = errorMessage(error);
      Object.assign(this.runtime_, { state: 'unavailable', error: message });
      this.options.log.error(`${message}; models stay off, everything else runs on`);
      this.changed();
      throw new WorkerError('RUNTIME_UNAVAILABLE', message);
    }
    this.client = client;
    for (const [key, path] of this.loaded) {
      try {
        await client.call('load', { key, path });
      } catch (error) {
        this.loaded.delete(key);
        this.options.log.warn(`could not load ${path} again after a restart: ${errorMessage(error)}`);
      }
    }
    return client;
  }

  private changed(): void {
    this.options.onRuntimeChange?.(this.runtime);
  }
}
