import type { WorkerCall, WorkerMessage } from './workerProtocol.js';
import { answerCall } from './workerHost.js';

/** Electron's utility process gives its parent as `process.parentPort` (messages as `{ data }`). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function parentPort(): ParentPort | undefined {
  return (process as { parentPort?: ParentPort }).parentPort;
}

function toParent(message: WorkerMessage): void {
  const port = parentPort();
  if (port) port.postMessage(message);
  else if (process.connected) process.send?.(message);
}

/** A line for the parent's log (its ProcessClient writes it there). */
export function processLog(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
  toParent({ type: 'log', level, message });
}

/** The data the parent started this process with (processLauncher.ts: one JSON argument). */
export function processData<T>(): T {
  return JSON.parse(process.argv[2] ?? 'null') as T;
}

/**
 * Child-process side of a ProcessClient: the same calls and replies as a worker thread
 * (workerHost.ts), over `process.send` under Node or `process.parentPort` under Electron.
 * Replies are structured clones, so a Transfer's buffers are simply copied. `__close` runs
 * `close` and exits; so does losing the parent, so no host outlives the app.
 */
export function serveProcess(
  open: () => { handlers: Record<string, (args: never) => unknown>; close(): void },
): void {
  const port = parentPort();
  const send = toParent;
  const onCall = (listener: (call: WorkerCall) => void) => {
    if (port) port.on('message', (event) => listener(event.data as WorkerCall));
    else process.on('message', (message) => listener(message as WorkerCall));
  };
  if (!port) process.on('disconnect', () => process.exit(0));
  // Ctrl-C or a service manager's stop signals the whole process group. This process belongs to
  // its parent, which closes it as it stops (or whose end disconnects it): taking the signal
  // here would look to the parent like a crash, and it would start a new host while shutting down.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});

  let service: ReturnType<typeof open>;
  try {
    service = open();
  } catch (error) {
    send({ type: 'startFailed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  onCall((call) => {
    if (call.method === '__close') {
      service.close();
      process.exit(0);
    }
    // Structured clones: a Transfer's buffers are copied, so its list is not needed here.
    answerCall(service.handlers, call, (message) => send(message));
  });
  send({ type: 'ready' });
}
