import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A child process as a host module sees it: messages both ways (structured clone, so typed
 * arrays cross), one exit report, and a kill that does not wait. Under plain Node it is a
 * `child_process.fork`; the Electron shell passes one built on `utilityProcess.fork`
 * (electron/shell/utilityLauncher.ts), since only the shell may import electron.
 */
export interface ChildHandle {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, when the process is gone: its exit code, or the signal that ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends the process at once (SIGKILL where there are signals), even inside a native call. */
  kill(): void;
}

/** Where a host module is and how to load it: `tsx` when running from TypeScript sources. */
export interface ProcessEntry {
  path: string;
  loader: 'tsx' | null;
}

export interface ProcessLauncher {
  /** Starts `entry` with `data` (JSON) as its one argument; see processHost.ts for the other end. */
  spawn(entry: ProcessEntry, data: unknown): ChildHandle;
}

/** The host module next to the calling module: its built `.js`, else its `.ts` through tsx. */
export function resolveProcessEntry(callerUrl: string, stem: string): ProcessEntry {
  const js = fileURLToPath(new URL(`./${stem}.js`, callerUrl));
  if (!callerUrl.endsWith('.ts') && existsSync(js)) return { path: js, loader: null };
  return { path: fileURLToPath(new URL(`./${stem}.ts`, callerUrl)), loader: 'tsx' };
}

/** `child_process.fork` with advanced serialization: `watchkeeper serve` and the tests. */
export const forkLauncher: ProcessLauncher = {
  spawn(entry, data) {
    const child = fork(entry.path, [JSON.stringify(data)], {
      serialization: 'advanced',
      // The parent's own flags (a test runner's, an inspector's) are not the host's.
      execArgv: entry.loader === 'tsx' ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let exited: [number | null, string | null] | null = null;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    const exit = (code: number | null, signal: string | null) => {
      if (exited) return;
      exited = [code, signal];
      for (const listener of exitListeners) listener(code, signal);
    };
    child.on('exit', (code, signal) => exit(code, signal));
    // A process that could not be started never exits: report it as gone all the same.
    child.on('error', () => {
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) exit(null, null);
    });
    return {
      pid: child.pid,
      postMessage: (message) => {
        // A message to a process that just died is lost; its exit is reported separately.
        if (child.connected) child.send(message as object, (error) => void error);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => {
        if (exited) listener(...exited);
        else exitListeners.push(listener);
      },
      kill: () => void child.kill('SIGKILL'),
    };
  },
};
