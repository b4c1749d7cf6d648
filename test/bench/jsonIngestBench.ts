import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compileRule } from '../../electron/connectivity/json/compiledRules.js';
import { JsonMappingEngine } from '../../electron/connectivity/json/mappingEngine.js';
import { shippedRules } from '../../electron/connectivity/json/shippedRules.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { p99Ms, settle } from './runtimeProbe.js';
import { benchPayload, benchTopics } from './jsonPayloads.js';

const WINDOW_MS = 8_000;
const BLASTER = fileURLToPath(new URL('./jsonBlaster.ts', import.meta.url));

interface Step {
  offered: number;
  published: number;
  /** What the publisher managed, over its whole run. */
  publishRate: number;
  ingested: number;
  windowRate: number;
  p99Ms: number;
  sustained: boolean;
}

/**
 * `connectivity.json_msgs_per_s`: single-value JSON messages on 10,000 topics (the shipped
 * mapping) published from their own process (jsonBlaster.ts) through Mosquitto into a runtime
 * in this process, at rising rates, historian included. A step is sustained when every published message became a
 * stored sample and the rate held. Beside it, in the same run: the raw decode cost of the same
 * payloads (JSON.parse + mapping, no broker, no ingest), and the main thread's event-loop p99
 * while the best step was measured.
 */
export async function measureJsonIngest(log: (line: string) => void): Promise<BenchResult[]> {
  const decodeRate = measureDecode();
  log(
    `  raw decode (JSON.parse + mapping) of the same payloads: ${round(decodeRate, 0).toLocaleString()} msgs/s`,
  );
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-json-');
  const runtime = new Runtime(
    { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bench-json' },
    createMemoryLogger(),
  );
  await runtime.start();
  const steps: Step[] = [];
  try {
    for (const rate of [10_000, 20_000, 30_000, 40_000, 50_000]) {
      const step = await runStep(runtime, broker.url, rate);
      steps.push(step);
      log(
        `  JSON at ${step.offered.toLocaleString()} msgs/s offered: ${round(step.windowRate, 0).toLocaleString()}/s ingested, ` +
          `${step.published - step.ingested} lost (publisher managed ${round(step.publishRate, 0).toLocaleString()}/s), event-loop p99 ${round(step.p99Ms, 1)} ms → ${step.sustained ? 'sustained' : 'not sustained'}`,
      );
      if (!step.sustained) break;
    }
    const errors = runtime.health().ingest.errorTotal;
    if (errors > 0)
      log(`  ingest counted ${errors} rejected messages: ${JSON.stringify(runtime.health().ingest.errors)}`);
  } finally {
    await runtime.stop();
    await broker.stop();
    dir.remove();
  }
  const best = steps.filter((s) => s.sustained).at(-1);
  const value = best ? round(best.windowRate, 0) : 0;
  return [
    withBaseline(
      {
        name: 'connectivity.json_msgs_per_s',
        value,
        unit: 'msgs/s',
        target: '≥ 30,000',
        note: 'highest sustained, single-value JSON via Mosquitto into ingest and the historian',
      },
      round(decodeRate, 0),
      'connectivity.json_decode_msgs_per_s',
    ),
    {
      name: 'connectivity.json_decode_msgs_per_s',
      value: round(decodeRate, 0),
      unit: 'msgs/s',
      note: 'JSON.parse + shipped mapping of the same payloads, one thread, no broker or ingest',
    },
    {
      name: 'connectivity.json_event_loop_p99_ms',
      value: round(best?.p99Ms ?? steps[0]?.p99Ms ?? 0, 1),
      unit: 'ms',
      target: '≤ 20',
      note: best
        ? `main thread while ingesting ${best.offered.toLocaleString()} msgs/s`
        : 'no step was sustained',
    },
  ];
}

/** Decodes the publisher's payloads as the site client would, timing only that. */
function measureDecode(): number {
  const ts = new Date().toISOString();
  const messages = benchTopics().flatMap((topic, i) =>
    [0, 1, 2].map((k) => ({ topic, payload: Buffer.from(benchPayload(i * 3 + k, ts)) })),
  );
  const engine = new JsonMappingEngine({ record: () => {} });
  engine.setRules(shippedRules('factory').map(compileRule));
  for (const m of messages) engine.handle(m.topic, m.payload); // first sight of each tag announces it
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = performance.now();
    for (const m of messages) engine.handle(m.topic, m.payload);
    best = Math.max(best, (messages.length * 1000) / (performance.now() - t0));
  }
  return best;
}

async function runStep(runtime: Runtime, broker: string, offered: number): Promise<Step> {
  await settle(runtime);
  const startCount = runtime.health().ingest.samples;
  const publisher = startBlaster(broker, offered);
  await sleep(3_000); // connection set-up and the first sight of each tag
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const a = runtime.health().ingest.samples;
  const t0 = performance.now();
  histogram.enable();
  await sleep(WINDOW_MS);
  histogram.disable();
  const b = runtime.health().ingest.samples;
  const windowRate = ((b - a) * 1000) / (performance.now() - t0);
  const { published, seconds } = await publisher.stop();
  await settle(runtime);
  const ingested = runtime.health().ingest.samples - startCount;
  return {
    offered,
    published,
    publishRate: published / seconds,
    ingested,
    windowRate,
    p99Ms: p99Ms(histogram),
    sustained: ingested >= published && windowRate >= offered * 0.95,
  };
}

function startBlaster(broker: string, rate: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', BLASTER, broker, String(rate)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop(): Promise<{ published: number; seconds: number }> {
      child.kill('SIGINT');
      await exited;
      const match = /published (\d+)/.exec(output);
      if (!match) throw new Error(`the JSON publisher did not report its total:\n${output.slice(-2000)}`);
      return { published: Number(match[1]), seconds: (performance.now() - started) / 1000 };
    },
  };
}
