import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { LOCAL_ROLES } from '../../electron/runtime/config.js';
import type { Runtime } from '../../electron/runtime/runtime.js';
import { startServing } from '../../electron/serve.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { snapshot } from './runtimeProbe.js';

const PUBLISHER = fileURLToPath(new URL('./sparkplugPublisher.ts', import.meta.url));
const LOAD = 50_000;
const PROBE = 'bench/probe/level';
const ALARM = `${PROBE}#level`;
const IDLE_PROBES = 60;
const LOADED_PROBES = 200;
/** Crossings under load before measuring: the host's first seconds of DDATA are not the steady state. */
const WARM_UP_PROBES = 10;

/**
 * `alarms.latency_p99_ms`: from the MQTT publish of a value crossing a limit to the onAlarms
 * event that shows the alarm active at a WebSocket client, while the runtime ingests 50,000
 * Sparkplug metrics/s from another process — beside the same measure with no load. The client
 * runs in a worker thread and stamps arrival on the epoch clock, as the publisher stamps its
 * publish, so neither side's own work hides in the other's figure.
 */
export async function measureAlarmLatency(log: (line: string) => void): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-alarms-');
  const serving = await startServing({
    runtime: {
      dataDir: dir.path,
      brokerUrl: broker.url,
      demo: false,
      clientId: 'wk-bench-alarms',
      station: 'bench',
    },
    port: 0,
    log: createMemoryLogger(),
  });
  const { runtime } = serving;
  const probe = await mqtt.connectAsync(broker.url, { clientId: 'wk-bench-probe' });
  const client = new AlarmWatcher(serving.url);
  try {
    await waitFor('the site link', () => runtime.health().broker.state === 'connected');
    await configureProbe(runtime, probe);
    await client.ready;
    const idle = await probeLatencies(probe, client, IDLE_PROBES);
    const publisher = spawn(process.execPath, ['--import', 'tsx', PUBLISHER, broker.url, String(LOAD)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => publisher.once('exit', () => resolve()));
    let output = '';
    publisher.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await waitFor('the publisher', () => output.includes('publishing'));
    await sleep(2_000); // births, warm-up
    await probeLatencies(probe, client, WARM_UP_PROBES);
    const a = snapshot(runtime);
    const loaded = await probeLatencies(probe, client, LOADED_PROBES);
    const b = snapshot(runtime);
    publisher.kill('SIGINT');
    await exited;
    const rate = ((b.samples - a.samples) * 1000) / (b.at - a.at);
    const [idleP99, loadedP99] = [p99(idle), p99(loaded)];
    log(
      `  alarm latency: p99 ${loadedP99.toFixed(1)} ms (median ${median(loaded).toFixed(1)}) at ${round(rate, 0).toLocaleString('en')} samples/s; idle p99 ${idleP99.toFixed(1)} ms`,
    );
    return [
      withBaseline(
        {
          name: 'alarms.latency_p99_ms',
          value: round(loadedP99, 1),
          unit: 'ms',
          target: '≤ 100',
          note: `MQTT publish crossing a limit → onAlarms at a WebSocket client, ${LOADED_PROBES} crossings ≥ 110 ms apart while ingesting ${round(rate, 0).toLocaleString('en')} Sparkplug samples/s (in a burst a change also waits for the next batch: ≤ 100 ms more)`,
        },
        round(idleP99, 1),
        'the same with no load',
      ),
    ];
  } finally {
    await client.stop();
    await probe.endAsync();
    await serving.stop();
    await broker.stop();
    dir.remove();
  }
}

async function configureProbe(runtime: Runtime, probe: MqttClient): Promise<void> {
  await waitFor('the probe tag', async () => {
    await probe.publishAsync(`factory/${PROBE}`, JSON.stringify({ value: 10 }), { qos: 1 });
    return runtime.tags.get(PROBE) !== undefined;
  });
  const context = {
    caller: { user: 'bench', roles: LOCAL_ROLES },
    session: { subscribe: () => 0, close: () => {} },
  };
  const answer = await runtime.dispatch(
    'tags.configure',
    {
      tag: PROBE,
      config: { alarms: [{ kind: 'H', value: 50, deadband: 1, priority: 'high' }] },
      baseVersion: 0,
    },
    context,
  );
  if (!answer.ok) throw new Error(`could not configure the probe: ${answer.error.message}`);
}

/** Crosses the limit `count` times; each time, how long until the client saw the alarm active. */
async function probeLatencies(probe: MqttClient, client: AlarmWatcher, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const seen = client.next((state) => state === 'unacked');
    const sent = performance.timeOrigin + performance.now();
    probe.publish(`factory/${PROBE}`, JSON.stringify({ value: 60 }), { qos: 0 });
    latencies.push((await seen) - sent);
    const cleared = client.next((state) => state === 'rtnUnacked');
    probe.publish(`factory/${PROBE}`, JSON.stringify({ value: 10 }), { qos: 0 });
    await cleared;
    // Past the push interval (≤ 10 batches/s) since the clear went out, off the beat of any timer:
    // what is measured is the path, not the wait a change in a burst has for the next batch.
    await sleep(110 + ((i * 37) % 90));
  }
  return latencies;
}

/** A browser-like WebSocket client in a worker thread, reporting when the probe alarm changes. */
class AlarmWatcher {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private waiting: { match: (state: string) => boolean; resolve: (at: number) => void } | null = null;

  constructor(url: string) {
    const code = `
      const { parentPort } = require('node:worker_threads');
      const { WebSocket } = require('ws');
      const ws = new WebSocket(${JSON.stringify(`${url.replace('http', 'ws')}/api/ws`)});
      ws.on('open', () => parentPort.postMessage({ ready: true }));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data));
        if (frame.type !== 'event' || frame.event !== 'onAlarms') return;
        const at = performance.timeOrigin + performance.now();
        for (const alarm of frame.payload.alarms)
          if (alarm.id === ${JSON.stringify(ALARM)}) parentPort.postMessage({ state: alarm.state, at });
      });
    `;
    this.worker = new Worker(code, { eval: true });
    this.ready = new Promise((resolve) => this.worker.once('message', () => resolve()));
    this.worker.on('message', (message: { state?: string; at?: number }) => {
      if (!message.state || !this.waiting?.match(message.state)) return;
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve(message.at!);
    });
  }

  next(match: (state: string) => boolean): Promise<number> {
    return new Promise((resolve) => (this.waiting = { match, resolve }));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
