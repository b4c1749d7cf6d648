import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sparkplugPayload from 'sparkplug-payload';
import { InputErrors } from '../../electron/connectivity/inputErrors.js';
import { decodeSparkplug } from '../../electron/connectivity/sparkplug/codec.js';
import { SparkplugHost } from '../../electron/connectivity/sparkplug/host.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { p99Ms, settle, snapshot } from './runtimeProbe.js';
import { births, ddata, DEVICES, deviceId, METRICS, NODES, nodeId } from './sparkplugPayloads.js';

const PUBLISHER = fileURLToPath(new URL('./sparkplugPublisher.ts', import.meta.url));
const RATES = [50_000, 100_000, 200_000, 300_000, 400_000];
const WINDOW_MS = 6_000;
const tahu = sparkplugPayload.get('spBv1.0')!;

/**
 * Sparkplug throughput: DDATA of METRICS metrics each, published by a separate process through
 * Mosquitto at increasing rates into a runtime in this process — decoded, through the host and
 * ingest, handed to the historian. A step is kept up with when everything published was ingested
 * at the offered rate, and stored as well when the historian's backlog did not grow over it.
 * Beside it, in the same run: the raw decode rate of the same payloads with our decoder and with
 * Tahu's `sparkplug-payload` (the decoder before), and the main thread's event-loop p99 during
 * the fastest step kept up with.
 */
export async function measureSparkplug(log: (line: string) => void): Promise<BenchResult[]> {
  checkPayloadsWithTahu();
  const payloads = Array.from({ length: 500 }, (_, i) => ddata(i % DEVICES, i & 0xff, Date.now(), i));
  const ours = decodeRate(payloads, (bytes) => decodeSparkplug(bytes).metrics.length);
  const before = decodeRate(payloads, tahuDecode);
  const hosted = hostRate();
  log(
    `  raw decode: ${round(ours, 0).toLocaleString()} metrics/s ours, ${round(before, 0).toLocaleString()} with Tahu's decoder; ` +
      `decode + host: ${round(hosted, 0).toLocaleString()} metrics/s`,
  );

  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-sparkplug-');
  const runtime = new Runtime(
    { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bench-sparkplug' },
    createMemoryLogger(),
  );
  await runtime.start();
  await waitFor('the site link', () => runtime.health().broker.state === 'connected');
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await sleep(3_000);
  idle.disable();
  const idleP99 = p99Ms(idle);
  log(`  event-loop p99 idle: ${idleP99.toFixed(1)} ms`);
  let best: { rate: number; p99: number } | null = null;
  let stored = 0;
  try {
    for (const offered of RATES) {
      const step = await runStep(runtime, broker.url, offered);
      log(
        `  ${offered.toLocaleString()} metrics/s offered: ${round(step.rate, 0).toLocaleString()}/s ingested, ` +
          `${step.published - step.ingested} lost, backlog growth ${step.backlogGrowth}, event-loop p99 ${step.p99.toFixed(1)} ms → ` +
          (step.kept
            ? step.stored
              ? 'kept up with and stored'
              : 'kept up with, historian behind'
            : 'not kept up with'),
      );
      if (!step.kept) break;
      best = { rate: step.rate, p99: step.p99 };
      if (step.stored) stored = step.rate;
    }
  } finally {
    await runtime.stop();
    await broker.stop();
    dir.remove();
  }
  const shape = `${NODES * DEVICES} devices, ${METRICS} Double metrics per DDATA`;
  return [
    withBaseline(
      {
        name: 'connectivity.sparkplug_metrics_per_s',
        value: round(best?.rate ?? 0, 0),
        unit: 'metrics/s',
        target: '≥ 200,000',
        note: `highest rate decoded and handed to the historian without loss, through Mosquitto; ${shape}`,
      },
      round(ours, 0),
      'connectivity.sparkplug_decode_metrics_per_s',
    ),
    {
      name: 'connectivity.sparkplug_stored_metrics_per_s',
      value: round(stored, 0),
      unit: 'metrics/s',
      note: "the same, with the historian's backlog not growing (its writer's ceiling, not the decoder's)",
    },
    withBaseline(
      {
        name: 'connectivity.sparkplug_decode_metrics_per_s',
        value: round(ours, 0),
        unit: 'metrics/s',
        note: `raw decode of the same DDATA payloads, one thread; ${shape}`,
      },
      round(before, 0),
      "Tahu's sparkplug-payload decode + normalisation (the decoder before)",
    ),
    withBaseline(
      {
        name: 'connectivity.sparkplug_host_metrics_per_s',
        value: round(hosted, 0),
        unit: 'metrics/s',
        note: 'decode + SparkplugHost (seq window, aliases, datatypes) to ingest events, one thread, no MQTT',
      },
      round(ours, 0),
      'connectivity.sparkplug_decode_metrics_per_s',
    ),
    withBaseline(
      {
        name: 'connectivity.sparkplug_eventloop_p99_ms',
        value: round(best?.p99 ?? NaN, 2),
        unit: 'ms',
        target: '≤ 20',
        note: 'main thread, during the fastest step kept up with',
      },
      round(idleP99, 2),
      'same process, idle before the steps',
    ),
  ];
}

interface Step {
  published: number;
  ingested: number;
  rate: number;
  backlogGrowth: number;
  p99: number;
  kept: boolean;
  stored: boolean;
}

async function runStep(runtime: Runtime, broker: string, offered: number): Promise<Step> {
  await settle(runtime);
  const startCount = runtime.health().ingest.samples;
  const child = spawn(process.execPath, ['--import', 'tsx', PUBLISHER, broker, String(offered)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor('the publisher', () => output.includes('publishing'));
  await sleep(2_000); // births, warm-up
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const a = snapshot(runtime);
  histogram.enable();
  await sleep(WINDOW_MS);
  histogram.disable();
  const b = snapshot(runtime);
  child.kill('SIGINT');
  await exited;
  const match = /published (\d+) metrics/.exec(output);
  if (!match) throw new Error(`publisher did not report its total:\n${output.slice(-1000)}`);
  const published = Number(match[1]);
  await settle(runtime);
  const ingested = runtime.health().ingest.samples - startCount;
  const rate = ((b.samples - a.samples) * 1000) / (b.at - a.at);
  const backlogGrowth = b.backlog - a.backlog;
  return {
    published,
    ingested,
    rate,
    backlogGrowth,
    p99: p99Ms(histogram),
    kept: ingested >= published && rate >= offered * 0.95,
    stored: ingested >= published && rate >= offered * 0.95 && backlogGrowth < offered * 0.25,
  };
}

/** Metrics decoded per second over at least a second of repeated passes. */
function decodeRate(payloads: Uint8Array[], decode: (bytes: Uint8Array) => number): number {
  for (const bytes of payloads) decode(bytes); // warm-up
  let metrics = 0;
  const started = performance.now();
  while (performance.now() - started < 1_000) for (const bytes of payloads) metrics += decode(bytes);
  return (metrics * 1000) / (performance.now() - started);
}

/**
 * Decode and host on one edge node: births once, then its devices' DDATA in seq order for at
 * least a second. 256 payloads make one whole turn of seq, so passes follow on without a gap.
 */
function hostRate(): number {
  const host = new SparkplugHost({
    errors: new InputErrors(createMemoryLogger()),
    requestRebirth: () => {
      throw new Error('the bench load must never need a rebirth');
    },
    deliver: () => {},
  });
  const now = Date.now();
  for (const message of births(0, now)) host.handle(message.topic.split('/'), message.payload);
  const messages = Array.from({ length: 256 }, (_, i) => ({
    levels: `spBv1.0/bench/DDATA/${nodeId(0)}/${deviceId(i % DEVICES)}`.split('/'),
    bytes: ddata(i % DEVICES, (DEVICES + 1 + i) & 0xff, now + i, i),
  }));
  let metrics = 0;
  const started = performance.now();
  while (performance.now() - started < 1_000) {
    for (const { levels, bytes } of messages) {
      for (const event of host.handle(levels, bytes))
        if (event.kind === 'samples') metrics += event.samples.length;
    }
  }
  return (metrics * 1000) / (performance.now() - started);
}

/** The decode path before our own decoder: Tahu's decodePayload, then Long and UInt32 normalised. */
function tahuDecode(bytes: Uint8Array): number {
  const raw = tahu.decodePayload(bytes);
  const metrics = (raw.metrics ?? []).map((metric) => ({
    type: metric.type,
    value: plain(metric.value),
    alias: plain(metric.alias),
    timestamp: plain(metric.timestamp),
    properties: {},
  }));
  plain(raw.seq);
  plain(raw.timestamp);
  return metrics.length;
}

function plain(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'toNumber' in value)
    return (value as { toNumber(): number }).toNumber();
  return value;
}

/** The hand-written DDATA must be what Tahu reads: same aliases, timestamps and values. */
function checkPayloadsWithTahu(): void {
  const decoded = tahu.decodePayload(ddata(3, 17, 1_767_225_600_123, 1000));
  const last = decoded.metrics?.at(-1);
  const ok =
    decoded.metrics?.length === METRICS &&
    Number(decoded.seq) === 17 &&
    Number(last?.alias) === 3 * METRICS + METRICS &&
    Number(last?.timestamp) === 1_767_225_600_123 &&
    last?.type === 'Double' &&
    last.value === 1000 + METRICS - 1;
  if (!ok) throw new Error('the bench DDATA does not decode as intended with Tahu');
}
