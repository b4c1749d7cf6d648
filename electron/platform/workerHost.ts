import { parentPort, type Transferable } from 'node:worker_threads';
import { WorkerError, type WorkerCall, type WorkerMessage } from './workerProtocol.js';

type Answer<T> = T | Transfer<T>;

/**
 * How a worker implements an API: each method may wrap its result in a Transfer, and may answer
 * with a promise (onnxruntime's session.run is asynchronous) — its reply is sent once it settles.
 */
export type WorkerHandlers<Api extends Record<string, (args: never) => unknown>> = {
  [M in keyof Api]: (
    args: Parameters<Api[M]>[0],
  ) => Answer<ReturnType<Api[M]>> | Promise<Answer<ReturnType<Api[M]>>>;
};

/** A worker's result, optionally with buffers to transfer instead of copy. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly transfer: Transferable[],
  ) {}
}

/**
 * Worker-thread side: opens resources, then answers sequence-numbered calls one at a time.
 * `__close` runs `close` and exits. Errors go back as `{ code, message }`.
 */
export function serveWorker(
  open: () => { handlers: Record<string, (args: never) => unknown>; close(): void },
): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run inside a worker thread');
  const send = (message: WorkerMessage, transfer: Transferable[] = []) => port.postMessage(message, transfer);

  let service: ReturnType<typeof open>;
  try {
    service = open();
  } catch (error) {
    send({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
    return;
  }

  port.on('message', (call: WorkerCall) => {
    if (call.method === '__close') {
      service.close();
      port.close();
      return;
    }
    answerCall(service.handlers, call, send);
  });
  send({ type: 'ready' });
}

/** Forwards a log line to the main thread's logger. */
export function workerLog(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
  parentPort?.postMessage({ type: 'log', level, message } satisfies WorkerMessage);
}

/**
 * Runs one call on its handler and sends the reply once it settles: the result (with its
 * Transfer's buffers), or the error as `{ code, message }`. Shared by worker threads and the
 * process host (processHost.ts), so both answer exactly alike.
 */
export function answerCall(
  handlers: Record<string, (args: never) => unknown>,
  call: WorkerCall,
  send: (message: WorkerMessage, transfer?: Transferable[]) => void,
): void {
  const answer = (result: unknown) => {
    if (result instanceof Transfer)
      send({ type: 'reply', seq: call.seq, ok: true, result: result.value }, result.transfer);
    else send({ type: 'reply', seq: call.seq, ok: true, result });
  };
  const fail = (error: unknown) => {
    const code =
      error instanceof WorkerError ? error.code : ((error as { code?: string }).code ?? 'INTERNAL');
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'reply', seq: call.seq, ok: false, code, message });
  };
  const handler = handlers[call.method];
  if (!handler) {
    send({ type: 'reply', seq: call.seq, ok: false, code: 'UNKNOWN_METHOD', message: call.method });
    return;
  }
  try {
    const result = handler(call.args as never);
    if (result instanceof Promise) result.then(answer, fail);
    else answer(result);
  } catch (error) {
    fail(error);
  }
}
