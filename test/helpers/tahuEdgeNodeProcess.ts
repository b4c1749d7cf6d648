import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./tahuEdgeNode.ts', import.meta.url));

export interface TahuEdgeNode {
  /** Lines the edge node printed: `births`, `rebirth requested`. */
  readonly lines: string[];
  /** SIGKILL, so the broker publishes its Will (NDEATH) as after a power cut. */
  kill(): Promise<void>;
}

/** The Tahu edge node (tahuEdgeNode.ts) in its own process against `broker`. */
export function startTahuEdgeNode(broker: string): TahuEdgeNode {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, broker], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => {
    if (signal === null && code !== 0) lines.push(`exited ${code}: ${stderr}`);
  });
  return {
    lines,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
