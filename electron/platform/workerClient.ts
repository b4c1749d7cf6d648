import { Worker, type Transferable } from 'node:worker_threads';
import { errorMessage, type Logger } from './logger.js';
import { resolveWorkerEntry } from './workerEntry.js';
import { WorkerError, type WorkerCall, type WorkerMessage } from './workerProtocol.js';

/** Method name → (args) => result, as a worker implements it. */
export type WorkerApi = Record<string, (args: never) => unknown>;

interface Pending {
  method: string;
  startedAt: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface WorkerClientOptions {
  /** `import.meta.url` of the module next to which the worker entry lives. */
  callerUrl: string;
  /** File name of the worker entry without extension, e.g. `historian.worker`. */
  stem: string;
  workerData: unknown;
  log: Logger;
  callTimeoutMs?: number;
  slowCallMs?: number;
}

/**
 * Main-thread side of a worker: sequence-numbered calls with timeouts and a slow-call log; stop
 * waits for calls in flight. A crashed worker fails its pending calls with a code instead of
 * leaving them hanging.
 */
export class WorkerClient<Api extends WorkerApi> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  private exitError: Error | null = null;

  constructor(private readonly options: WorkerClientOptions) {}

  async start(): Promise<void> {
    const entry = resolveWorkerEntry(this.options.callerUrl, this.options.stem);
    const worker = new Worker(entry.source, { eval: entry.eval, workerData: this.options.workerData });
    this.worker = worker;
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'startFailed') reject(new WorkerError('START_FAILED', message.message));
        else this.onMessage(message);
      });
      worker.on('error', (error) => {
        this.options.log.error(`${this.options.stem} failed: ${errorMessage(error)}`);
        this.exitError = error;
        reject(error);
      });
      worker.on('exit', (code) => {
        const error =
          this.exitError ?? new WorkerError('WORKER_EXITED', `${this.options.stem} exited (${code})`);
        for (const [seq, call] of this.pending) {
          clearTimeout(call.timer);
          call.reject(error);
          this.pending.delete(seq);
        }
        this.worker = null;
        reject(error);
      });
    });
  }

  /** `timeoutMs`: this call's own limit instead of the client's `callTimeoutMs`. */
  call<M extends keyof Api & string>(
    method: M,
    args: Parameters<Api[M]>[0],
    transfer: readonly Transferable[] = [],
    timeoutMs = this.options.callTimeoutMs ?? 30_000,
  ): Promise<Awaited<ReturnType<Api[M]>>> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new WorkerError('UNAVAILABLE', `${this.options.stem} is not running`));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new WorkerError('TIMEOUT', `${this.options.stem}.${method} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        method,
        startedAt: performance.now(),
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      const message: WorkerCall = { type: 'call', seq, method, args };
      worker.postMessage(message, transfer);
    });
  }

  /** Waits for calls in flight, then lets the worker close its resources and exit. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const deadline = Date.now() + (this.options.callTimeoutMs ?? 30_000);
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'call', seq: 0, method: '__close', args: null } satisfies WorkerCall);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (this.worker) await worker.terminate();
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'log') {
      this.options.log[message.level](message.message);
      return;
    }
    if (message.type !== 'reply') return;
    const call = this.pending.get(message.seq);
    if (!call) return;
    this.pending.delete(message.seq);
    clearTimeout(call.timer);
    const elapsed = performance.now() - call.startedAt;
    if (elapsed > (this.options.slowCallMs ?? 250)) {
      this.options.log.warn(`slow call ${this.options.stem}.${call.method}: ${elapsed.toFixed(0)} ms`);
    }
    if (message.ok) call.resolve(message.result);
    else call.reject(new WorkerError(message.code, message.message));
  }
}
