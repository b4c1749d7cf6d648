import type { Logger } from './logger.js';
import type { ChildHandle, ProcessEntry, ProcessLauncher } from './processLauncher.js';
import type { WorkerApi } from './workerClient.js';
import { WorkerError, type WorkerCall, type WorkerMessage } from './workerProtocol.js';

interface Pending {
  method: string;
  startedAt: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface ProcessClientOptions {
  launcher: ProcessLauncher;
  entry: ProcessEntry;
  /** Name in messages and logs, e.g. `inference host`. */
  name: string;
  data: unknown;
  log: Logger;
  callTimeoutMs?: number;
  slowCallMs?: number;
  /** The process ended without being asked to (crash, abort, killed from outside). */
  onExit?(reason: string): void;
}

/** "exited with code 1", "was killed by SIGABRT". */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `was killed by ${signal}`;
  return code === null ? 'could not be started' : `exited with code ${code}`;
}

/**
 * Parent side of a host child process: the WorkerClient protocol (sequence-numbered calls,
 * per-call timeouts, a slow-call log) over a ChildHandle. Unlike a thread, a process can be
 * killed inside a native call, and whatever it does then cannot reach this process.
 */
export class ProcessClient<Api extends WorkerApi> {
  private child: ChildHandle | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  /** Set when we end the process ourselves: its exit is then no news. */
  private ending = false;

  constructor(private readonly options: ProcessClientOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    const child = this.options.launcher.spawn(this.options.entry, this.options.data);
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      child.onMessage((raw) => {
        const message = raw as WorkerMessage;
        if (message.type === 'ready') resolve();
        else if (message.type === 'startFailed') reject(new WorkerError('START_FAILED', message.message));
        else this.onMessage(message);
      });
      child.onExit((code, signal) => {
        const reason = `${this.options.name} ${describeExit(code, signal)}`;
        const error = new WorkerError(this.ending ? 'TERMINATED' : 'WORKER_EXITED', reason);
        this.failPending(error);
        if (this.child === child) this.child = null;
        reject(error);
        if (!this.ending) {
          this.options.log.error(reason);
          this.options.onExit?.(reason);
        }
      });
    });
  }

  /** `timeoutMs`: this call's own limit instead of the client's `callTimeoutMs`. */
  call<M extends keyof Api & string>(
    method: M,
    args: Parameters<Api[M]>[0],
    timeoutMs = this.options.callTimeoutMs ?? 30_000,
  ): Promise<Awaited<ReturnType<Api[M]>>> {
    const child = this.child;
    if (!child) return Promise.reject(new WorkerError('UNAVAILABLE', `${this.options.name} is not running`));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new WorkerError('TIMEOUT', `${this.options.name}.${method} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        method,
        startedAt: performance.now(),
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      child.postMessage({ type: 'call', seq, method, args } satisfies WorkerCall);
    });
  }

  /** Waits for calls in flight, lets the host close its resources and exit; kills it if it will not. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const deadline = Date.now() + (this.options.callTimeoutMs ?? 30_000);
    while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    this.ending = true;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.postMessage({ type: 'call', seq: 0, method: '__close', args: null } satisfies WorkerCall);
    const timer = setTimeout(() => child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process at once: calls in flight fail with TERMINATED. */
  kill(): void {
    const child = this.child;
    if (!child) return;
    this.child = null;
    this.ending = true;
    this.failPending(new WorkerError('TERMINATED', `${this.options.name} was killed`));
    child.kill();
  }

  private failPending(error: Error): void {
    for (const [seq, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(error);
      this.pending.delete(seq);
    }
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
    if (elapsed > (this.options.slowCallMs ?? 250))
      this.options.log.warn(`slow call ${this.options.name}.${call.method}: ${elapsed.toFixed(0)} ms`);
    if (message.ok) call.resolve(message.result);
    else call.reject(new WorkerError(message.code, message.message));
  }
}
