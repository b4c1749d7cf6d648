import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor.js';

const BIN = fileURLToPath(new URL('../../out/electron/bin.js', import.meta.url));

export interface ReceiverProcess {
  output(): string;
  /** SIGINT, then the exit code once it has printed its summary and gaps. */
  stop(): Promise<number | null>;
}

/** Runs the built `watchkeeper receive` and resolves once it says it is subscribed. */
export async function startReceiverProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, [BIN, 'receive', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const early = exited.then((code) => {
    throw new Error(`receive exited early (${code}):\n${output}`);
  });
  early.catch(() => {});
  await Promise.race([waitFor('the receiver to subscribe', () => output.includes('Receiving ')), early]);
  return {
    output: () => output,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
