import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing } from '../../electron/serve.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { p99Ms } from './runtimeProbe.js';
import { startSimulatorProcess } from '../helpers/simulatorProcess.js';

const MEASURE_MS = 15_000;

/**
 * Main-thread event-loop delay (p99) of the runtime while it ingests 10,000 tags at 1 Hz and
 * pushes every change to a browser-like WebSocket client — beside the same process idle.
 * The WebSocket client runs in a worker thread so that its own parsing is not counted.
 */
export async function measureEventLoop(log: (line: string) => void): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-loop-');
  const serving = await startServing({
    runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bench-loop' },
    port: 0,
    log: createMemoryLogger(),
  });
  const client = wsClientInWorker(serving.url);
  try {
    const idle = await p99(MEASURE_MS / 3);
    const simulator = startSimulatorProcess({
      broker: broker.url,
      devices: 500,
      tagsPerDevice: 20,
      rateHz: 1,
    });
    await sleep(4_000);
    const before = serving.runtime.health().ingest.samples;
    const loaded = await p99(MEASURE_MS);
    const rate = ((serving.runtime.health().ingest.samples - before) * 1000) / MEASURE_MS;
    await simulator.stop();
    log(
      `  event loop: p99 ${loaded.toFixed(1)} ms at ${round(rate, 0)} samples/s (idle p99 ${idle.toFixed(1)} ms)`,
    );
    return [
      withBaseline(
        {
          name: 'main.eventloop_p99_ms',
          value: round(loaded, 2),
          unit: 'ms',
          target: '≤ 20',
          note: `10,000 tags × 1 Hz (${round(rate, 0)} samples/s measured) + 1 WebSocket client subscribed to all`,
        },
        round(idle, 2),
        'same process, idle',
      ),
    ];
  } finally {
    await client.terminate();
    await serving.stop();
    await broker.stop();
    dir.remove();
  }
}

/** p99 of how late a 1 ms timer fires, over `ms`. */
async function p99(ms: number): Promise<number> {
  const resolutionMs = 1;
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  await sleep(ms);
  histogram.disable();
  return p99Ms(histogram, resolutionMs);
}

function wsClientInWorker(url: string): Worker {
  const code = `
    const { WebSocket } = require('ws');
    const ws = new WebSocket(${JSON.stringify(url.replace('http', 'ws') + '/api/ws')});
    ws.on('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'live.subscribe', params: { tags: null } })));
    ws.on('message', (data) => JSON.parse(String(data)));
  `;
  return new Worker(code, { eval: true });
}
