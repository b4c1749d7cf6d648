import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './waitFor.js';

const BIN = fileURLToPath(new URL('../../out/electron/bin.js', import.meta.url));

export interface SimulatorRun {
  /** Cuts one device off (`area/device`) as a power cut would, once the simulator confirms it. */
  silence(device: string): Promise<void>;
  /** Stops the simulator and resolves with what it says it published. */
  stop(): Promise<{ messages: number; samples: number }>;
}

/** The demo plant in its own process, as `watchkeeper simulate` — it must not share our thread. */
export function startSimulatorProcess(args: {
  broker: string;
  devices: number;
  /** Unset: each kind of device's natural signals (flow, pressure, …). */
  tagsPerDevice?: number;
  rateHz: number;
  format?: 'sparkplug' | 'json';
}): SimulatorRun {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'simulate',
      '--broker',
      args.broker,
      '--devices',
      String(args.devices),
      ...(args.tagsPerDevice === undefined ? [] : ['--tags-per-device', String(args.tagsPerDevice)]),
      '--rate',
      String(args.rateHz),
      '--format',
      args.format ?? 'sparkplug',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async silence(device) {
      child.stdin.write(`silence ${device}\n`);
      await waitFor(`the simulator to silence ${device}`, () => output.includes(`silenced ${device}`));
    },
    async stop() {
      child.kill('SIGINT');
      await exited;
      const match = /stopped after (\d+) messages, (\d+) samples/.exec(output);
      if (!match) throw new Error(`simulator did not report its totals:\n${output.slice(-2000)}`);
      return { messages: Number(match[1]), samples: Number(match[2]) };
    },
  };
}
