import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { listenFrames } from '../../electron/platform/frameSocket.js';
import { sharedClockMs } from '../../electron/platform/sharedClock.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, type BenchResult } from './benchResult.js';

const ROUNDS = 3_000;
/** About one run of the shipped model: the far end is busy this long before it answers. */
const WORK_MS = 0.05;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

/**
 * What one crossing to the main thread costs on this machine, whatever the app does: a message
 * sent by another process (the live lane's own frame socket) or by a worker thread (postMessage),
 * right after 0.05 ms of work, timed from its send to its arrival on this thread. The main thread
 * sleeps meanwhile, as it does while a model runs; waking it from another core is most of the
 * cost. The inference latency is bounded below by the run plus this.
 */
export async function measureCrossingFloor(log: (line: string) => void): Promise<BenchResult[]> {
  const dir = makeTempDir('wk-bench-crossing-');
  const listener = await listenFrames(dir.path);
  const child = fork(
    fileURLToPath(new URL('./crossingHost.ts', import.meta.url)),
    [JSON.stringify({ address: listener.address, workMs: WORK_MS })],
    { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const lane = await listener.accept(30_000);
  let arrived: ((oneWay: number) => void) | null = null;
  lane.onFrame((_, payload) => arrived?.(sharedClockMs() - payload.readDoubleLE(0)));
  const processTimes: number[] = [];
  const ping = Buffer.alloc(64);
  for (let i = 0; i < ROUNDS; i++)
    processTimes.push(
      await new Promise<number>((resolve) => {
        arrived = resolve;
        lane.send(1, ping);
      }),
    );
  lane.close();
  child.kill();
  listener.close();
  dir.remove();

  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', () => {
       const started = performance.now();
       while (performance.now() - started < ${WORK_MS});
       parentPort.postMessage(Number(process.hrtime.bigint()) / 1e6);
     });`,
    { eval: true },
  );
  const threadTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++)
    threadTimes.push(
      await new Promise<number>((resolve) => {
        worker.once('message', (sentAt: number) => resolve(sharedClockMs() - sentAt));
        worker.postMessage(null);
      }),
    );
  await worker.terminate();

  const ms = (value: number) => round(value, 4);
  const [p50p, p99p] = [percentile(processTimes, 0.5), percentile(processTimes, 0.99)];
  const [p50t, p99t] = [percentile(threadTimes, 0.5), percentile(threadTimes, 0.99)];
  log(
    `  one crossing to the main thread after ${WORK_MS} ms of work: from a child process (frame socket) p50 ${ms(p50p)} ms, p99 ${ms(p99p)}; from a worker thread (postMessage) p50 ${ms(p50t)} ms, p99 ${ms(p99t)}`,
  );
  return [
    {
      name: 'crossing.process_p50_ms',
      value: ms(p50p),
      unit: 'ms',
      note: `a frame from a child process on the live lane's socket to this thread, sent after ${WORK_MS} ms of work; p99 ${ms(p99p)}`,
    },
    {
      name: 'crossing.thread_p50_ms',
      value: ms(p50t),
      unit: 'ms',
      note: `a postMessage from a worker thread to this thread, sent after ${WORK_MS} ms of work; p99 ${ms(p99t)}`,
    },
  ];
}
