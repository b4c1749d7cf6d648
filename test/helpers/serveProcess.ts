import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor.js';

const BIN = fileURLToPath(new URL('../../out/electron/bin.js', import.meta.url));

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs the built `watchkeeper serve` as a user would, on a free loopback port, and resolves once
 * it prints the URL it serves on.
 */
export async function startServeProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await waitFor('serve to print its URL', () => {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${output}`);
    return /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  });
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
