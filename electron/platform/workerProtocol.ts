/**
 * Messages between a facade on the main thread and its worker thread. Calls carry a sequence
 * number and replies are matched by it; the worker forwards its log lines (after Signal
 * Desktop's ts/sql/main.ts). Both ends are our own code in one process, so these are typed but
 * not schema-parsed: every external input was validated before it reached a facade.
 */
export interface WorkerCall {
  type: 'call';
  seq: number;
  method: string;
  args: unknown;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'startFailed'; message: string }
  | { type: 'reply'; seq: number; ok: true; result: unknown }
  | { type: 'reply'; seq: number; ok: false; code: string; message: string }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string };

/** An error a worker method throws on purpose; its code crosses back to the caller. */
export class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}
