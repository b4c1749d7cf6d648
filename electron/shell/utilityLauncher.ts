import { utilityProcess } from 'electron';
import type { ChildHandle, ProcessLauncher } from '../platform/processLauncher.js';

/**
 * Host processes as Electron utility processes (the Node flavour is forkLauncher): Chromium's
 * own child processes, which need no runAsNode fuse and whose crash never takes the main process
 * with it. Messages are structured clones both ways; the host reads them from
 * `process.parentPort` (platform/processHost.ts). Only built `.js` entries run here.
 */
export const utilityLauncher: ProcessLauncher = {
  spawn(entry, data): ChildHandle {
    if (entry.loader !== null) throw new Error(`${entry.path}: the Electron app runs built code only`);
    const child = utilityProcess.fork(entry.path, [JSON.stringify(data)], {
      serviceName: 'Watchkeeper inference',
      stdio: 'inherit',
    });
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      // A utility process reports only its exit code; a crash shows as a non-zero one.
      onExit: (listener) => void child.once('exit', (code) => listener(code, null)),
      kill: () => {
        // kill() asks with SIGTERM; a host stuck in a native run must go at once.
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
        else child.kill();
      },
    };
  },
};
