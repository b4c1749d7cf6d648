import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ort from 'onnxruntime-node';
import { checkBinding } from '../../electron/inference/bindingCheck.js';
import { InferenceWorker } from '../../electron/inference/inferenceWorker.js';
import { decodeResults } from '../../electron/inference/liveResults.js';
import { SampleSeries } from '../../electron/inference/sampleSeries.js';
import { WindowCache } from '../../electron/inference/windowCache.js';
import type { LiveResults, SampleBatch } from '../../electron/inference/types.js';
import { pumpBearingBinding } from '../../electron/inference/shipped/demoBindings.js';
import { MODEL_FILE } from '../../electron/inference/shipped/pumpBearing.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { resourcePath } from '../../electron/platform/resourcePath.js';
import { sharedClockMs } from '../../electron/platform/sharedClock.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { createPlant } from '../../electron/simulator/plantModel.js';
import { OnnxBindingSchema, type ModelBindingInput, type OnnxBinding } from '../../shared/modelBindings.js';
import type { ModelStatus } from '../../shared/models.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { startSimulatorProcess } from '../helpers/simulatorProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { measureCrossingFloor } from './crossingFloor.js';
import { p99Ms } from './runtimeProbe.js';

const RUNS = Number(process.env.WK_BENCH_RUNS ?? 2_000);
const BATCH = 200;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

/**
 * Latency per inference of the shipped model through the app's path. Each tick the bench sends
 * the host the new second of samples, with one of a driving tag (as LiveInputs forwards them);
 * that sample fires the bindings it drives in the host (liveRunner.ts), which shifts each
 * binding's window on by the new step (windowCache.ts), runs the batch, reads the outputs and
 * sends them to the main thread unasked. Timed from the trigger in the host to the values here
 * (both ends on the shared monotonic clock: sharedClock.ts), and also from this thread's send
 * of the samples (two crossings). Beside each, a bare `session.run` on a session in this thread,
 * fed at each tick a fresh copy of the very windows the host filled at that tick (built here,
 * untimed, by the same code from the same samples) and timed around `session.run` alone. A bare
 * run on one tensor built once and reused is cheaper still (onnxruntime finds its input where it
 * left it), but the app never feeds that; it is printed as an extra line. Also per inference
 * when 200 bindings share one batched run.
 */
export async function measureInferenceLatency(log: (line: string) => void): Promise<BenchResult[]> {
  const binding = OnnxBindingSchema.parse(pumpBearingBinding('line1/pump1'));
  const worker = new InferenceWorker({ log: createMemoryLogger(), runTimeoutMs: 10_000 });
  let delivered: ((results: LiveResults, receivedAt: number) => void) | null = null;
  worker.onLive({
    results: (results, receivedAt) => delivered?.(results, receivedAt),
    failed: (failure) => {
      throw new Error(`a live run failed: ${failure.message}`);
    },
  });
  const path = resourcePath('models', MODEL_FILE);
  const key = 'shipped';
  const signature = await worker.load(key, path);
  const check = checkBinding(binding, signature);
  if (!check.ok) throw new Error(check.problems.join('; '));
  const { layout } = check;
  const tags = binding.inputs.map((_, i) => i + 1);
  // Two driving tags: one fires a single binding, the other BATCH bindings at once.
  const driveOne = tags.length + 1;
  const driveMany = tags.length + 2;
  await worker.liveTrack({ set: tags.map((tag) => ({ tag, spanMs: 61_000 })), drop: [] });
  const spec = (driver: number, handle: number) => ({
    binding,
    key,
    input: layout.input,
    shape: layout.dims(1).slice(1),
    splitRows: layout.splitRows,
    tags,
    trigger: { kind: 'sample' as const, tag: driver },
    handle,
  });
  await worker.liveBind('one', spec(driveOne, 0));
  for (let i = 0; i < BATCH; i++) await worker.liveBind(`many-${i}`, spec(driveMany, i + 1));
  // The series grow as ingest would feed them: one sample per input per second. The bench keeps
  // its own copy, to build the host's windows again for the bare runs.
  let latest = 0;
  const sample = (i: number, t: number) => (i === 0 ? 2 + (t % 7_000) / 7_000 : i === 1 ? 1 : 100);
  const series = binding.inputs.map(() => new SampleSeries());
  const advance = (driver: number | null): SampleBatch => {
    latest += 1000;
    series.forEach((s, i) => {
      s.push(latest, sample(i, latest), 0);
      s.trim(latest - 61_000);
    });
    const sent = driver === null ? tags : [...tags, driver];
    return {
      tags: Uint32Array.from(sent),
      ts: Float64Array.from(sent, () => latest),
      value: Float64Array.from(sent, (_, i) => (i < tags.length ? sample(i, latest) : 1)),
      missing: new Uint8Array(sent.length),
      quality: new Uint32Array(sent.length),
    };
  };
  for (let t = 1000; t <= 61_000; t += 1000) await worker.liveSamples(advance(null), true);
  const caches = [new WindowCache(), ...Array.from({ length: BATCH }, () => new WindowCache())];
  const session = await ort.InferenceSession.create(readFileSync(path), {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const perWindow = binding.window.steps * binding.inputs.length;
  const mapped = binding.outputs[0]!;
  /** One tick through the app, then bare session.run on a fresh copy of the same windows. */
  const tick = async (n: number) => {
    const samples = advance(n === 1 ? driveOne : driveMany);
    const arrived = new Promise<[LiveResults, number]>((resolve) => {
      delivered = (results, receivedAt) => resolve([results, receivedAt]);
    });
    const sentAt = sharedClockMs();
    await worker.liveSamples(samples, false);
    const [reply, receivedAt] = await arrived;
    if (reply.rows !== n) throw new Error('the bench windows were not usable');
    const windows = new Float32Array(perWindow * n);
    const own = n === 1 ? caches.slice(0, 1) : caches.slice(1);
    for (let i = 0; i < n; i++) own[i]!.fill(binding, series, latest, windows, i * perWindow);
    const feed = new ort.Tensor('float32', windows, layout.dims(n));
    const bareStarted = performance.now();
    const outputs = await session.run({ [layout.input]: feed });
    const bare = (performance.now() - bareStarted) / n;
    // The same windows: the bare run's first output is the app's.
    const out = outputs[mapped.output]!.data as Float32Array;
    const first = decodeResults(reply.results)[0];
    const expected = out[mapped.index]!;
    if (
      first?.kind !== 'values' ||
      Math.abs(first.values[0]! - expected) > 1e-6 * Math.max(1, Math.abs(expected))
    )
      throw new Error(`the host's window is not the bench's: ${JSON.stringify(first)} vs ${expected}`);
    return {
      through: (receivedAt - reply.triggeredAt) / n,
      fromSend: (receivedAt - sentAt) / n,
      host: reply.hostMs / n,
      run: reply.runMs! / n,
      bare,
    };
  };
  const measure = async (n: number) => {
    const times = {
      through: [] as number[],
      fromSend: [] as number[],
      host: [] as number[],
      run: [] as number[],
      bare: [] as number[],
    };
    for (let i = 0; i < RUNS / (n === 1 ? 1 : 10); i++) {
      const t = await tick(n);
      for (const name of Object.keys(times) as (keyof typeof times)[]) times[name].push(t[name]);
    }
    return times;
  };
  /** The old baseline: one tensor built once, run again and again. */
  const fixedTensor = async (n: number) => {
    const input = new ort.Tensor('float32', new Float32Array(perWindow * n).fill(0.1), layout.dims(n));
    const times: number[] = [];
    for (let i = 0; i < RUNS / (n === 1 ? 1 : 10); i++) {
      const started = performance.now();
      await session.run({ [layout.input]: input });
      times.push((performance.now() - started) / n);
    }
    return times;
  };
  await measure(1);
  const single = await measure(1);
  const batched = await measure(BATCH);
  const singleFixed = await fixedTensor(1);
  const batchedFixed = await fixedTensor(BATCH);
  await session.release();
  await worker.stop();
  const ms = (value: number) => round(value, 4);
  const p50 = (values: number[]) => ms(percentile(values, 0.5));
  const line = (what: string, t: Awaited<ReturnType<typeof measure>>) =>
    `  ${what}: p50 ${p50(t.host)} ms in the host (session.run ${p50(t.run)} ms), ${p50(t.through)} ms from the trigger to the main thread, ${p50(t.fromSend)} ms from the main thread's send of the samples; bare ${p50(t.bare)} ms on the same data`;
  log(line('one window', single));
  log(line(`${BATCH} windows per run, per inference`, batched));
  log(
    `  bare on one tensor built once and reused (not what the app feeds): ${p50(singleFixed)} ms for one window, ${p50(batchedFixed)} ms per inference for ${BATCH}`,
  );
  const note = 'shipped pump_bearing.onnx, one window [1, 60, 3] per run';
  const bareName = 'bare session.run on a fresh copy of the same windows, same tick';
  return [
    withBaseline(
      {
        name: 'inference.latency_p50_ms',
        value: p50(single.through),
        unit: 'ms',
        target: '≤ 2 × bare session.run',
        note: `${note}; from the trigger in the host to the values on the main thread`,
      },
      p50(single.bare),
      bareName,
    ),
    withBaseline(
      {
        name: 'inference.latency_p99_ms',
        value: ms(percentile(single.through, 0.99)),
        unit: 'ms',
        target: '≤ 2 × bare session.run',
        note,
      },
      ms(percentile(single.bare, 0.99)),
      `${bareName}, p99`,
    ),
    withBaseline(
      {
        name: 'inference.host_latency_p50_ms',
        value: p50(single.host),
        unit: 'ms',
        note: `${note}; in the host, from the trigger to the outputs ready to send`,
      },
      p50(single.bare),
      bareName,
    ),
    withBaseline(
      {
        name: 'inference.sample_roundtrip_p50_ms',
        value: p50(single.fromSend),
        unit: 'ms',
        note: `${note}; from the main thread sending the driving sample to the values back on it (two crossings)`,
      },
      p50(single.bare),
      bareName,
    ),
    withBaseline(
      {
        name: 'inference.batched_per_inference_ms',
        value: p50(batched.through),
        unit: 'ms',
        note: `p50 per window when ${BATCH} bindings share one run, from the trigger to the main thread`,
      },
      p50(batched.bare),
      `${bareName}, per window`,
    ),
    withBaseline(
      {
        name: 'inference.batched_host_per_inference_ms',
        value: p50(batched.host),
        unit: 'ms',
        note: `p50 per window when ${BATCH} bindings share one run, in the host`,
      },
      p50(batched.bare),
      `${bareName}, per window`,
    ),
    {
      name: 'inference.bare_fixed_tensor_p50_ms',
      value: p50(singleFixed),
      unit: 'ms',
      note: `bare session.run reusing one prebuilt tensor (not what the app feeds); ${BATCH} rows: ${p50(batchedFixed)} ms per window`,
    },
  ];
}

/**
 * Sustained inferences per second in a runtime that ingests 10,000 tags × 1 Hz from the demo
 * plant through Mosquitto, with the shipped model bound N times over its pumps, and the
 * main-thread event-loop p99 throughout: 200 bindings at 1 Hz (the case), then 1,000
 * bindings at 10 Hz (10,000 inferences/s offered) for the capacity.
 */
export async function measureInferenceThroughput(log: (line: string) => void): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-inference-');
  const runtime = new Runtime(
    { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bench-inference' },
    createMemoryLogger(),
  );
  await runtime.start();
  const devices = 500;
  const simulator = startSimulatorProcess({ broker: broker.url, devices, tagsPerDevice: 20, rateHz: 1 });
  const pumps = createPlant({ startMs: 0, devices, tagsPerDevice: 20 })
    .devices.filter((d) => d.kind === 'pump')
    .map((d) => `${d.area}/${d.id}`);
  const context = {
    caller: { user: 'bench', roles: ['admin' as const] },
    session: { subscribe: () => 0, close: () => {} },
  };
  const results: BenchResult[] = [];
  try {
    // A full window (60 s) in the historian first: a binding's window is filled from it at once.
    await sleep(65_000);
    for (const [count, everyMs] of [
      [200, 1_000],
      [1_000, 100],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const pump = pumps[i % pumps.length]!;
        const base = pumpBearingBinding(pump) as Extract<ModelBindingInput, { kind: 'onnx' }>;
        const binding: OnnxBinding = OnnxBindingSchema.parse({
          ...base,
          id: `bench-${i}`,
          trigger: { kind: 'interval', everyMs },
          outputs: base.outputs.map((o) => ({ ...o, tag: `bench/${i}/${o.tag.split('/').at(-1)}` })),
        });
        const version = i < 200 && everyMs !== 1_000 ? 1 : 0;
        const saved = await runtime.dispatch(
          'models.saveBinding',
          { binding, baseVersion: version },
          context,
        );
        if (!saved.ok) throw new Error(`could not bind: ${JSON.stringify(saved.error)}`);
      }
      await sleep(5_000);
      const inferences = async () => {
        const answer = await runtime.dispatch('models.list', {}, context);
        if (!answer.ok) throw new Error('models.list failed');
        return (answer.result as { models: ModelStatus[] }).models.reduce(
          (sum, m) => sum + m.stats.inferences,
          0,
        );
      };
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      const samplesBefore = runtime.health().ingest.samples;
      const before = await inferences();
      const started = performance.now();
      histogram.enable();
      await sleep(10_000);
      histogram.disable();
      const seconds = (performance.now() - started) / 1000;
      const rate = ((await inferences()) - before) / seconds;
      // The app's own latency of each binding's last runs (trigger in the host → values here),
      // with the main thread busy ingesting, as it is in a control room.
      const listed = await runtime.dispatch('models.list', {}, context);
      const latencies = listed.ok
        ? (listed.result as { models: ModelStatus[] }).models.flatMap((m) =>
            m.binding.id.startsWith('bench-') && m.stats.latencyP50Ms !== null ? [m.stats.latencyP50Ms] : [],
          )
        : [];
      const latency = latencies.length > 0 ? percentile(latencies, 0.5) : Number.NaN;
      const ingest = (runtime.health().ingest.samples - samplesBefore) / seconds;
      const loop = p99Ms(histogram, 1);
      log(
        `  ${count} bindings every ${everyMs} ms: ${round(rate, 0)} inferences/s, event loop p99 ${loop.toFixed(1)} ms, ingest ${round(ingest, 0)} samples/s; latency per run, trigger to main thread, median of the bindings' p50: ${latency.toFixed(3)} ms`,
      );
      results.push(
        {
          name: `inference.per_s_${count}x${1000 / everyMs}hz`,
          value: round(rate, 0),
          unit: 'inferences/s',
          target: count === 200 ? '200 (all due)' : '≥ 5,000',
          note: `${count} bindings of the shipped model every ${everyMs} ms, ingesting ${round(ingest, 0)} samples/s`,
        },
        {
          name: `inference.run_latency_p50_ms_${count}x${1000 / everyMs}hz`,
          value: round(latency, 3),
          unit: 'ms',
          note: `the app's own figure per binding (models.list): from the trigger in the host to the values on the main thread, per run of up to 256 windows, while ingesting; median over the ${latencies.length} bindings`,
        },
        {
          name: `main.eventloop_p99_ms_inference_${count}x${1000 / everyMs}hz`,
          value: round(loop, 2),
          unit: 'ms',
          target: '≤ 20',
        },
      );
    }
  } finally {
    await simulator.stop();
    await runtime.stop();
    await broker.stop();
    dir.remove();
  }
  return results;
}

export async function measureInference(log: (line: string) => void): Promise<BenchResult[]> {
  return [
    ...(await measureInferenceLatency(log)),
    ...(await measureCrossingFloor(log)),
    ...(await measureInferenceThroughput(log)),
  ];
}
