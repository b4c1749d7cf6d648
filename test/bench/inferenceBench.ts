import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import ort from 'onnxruntime-node';
import { checkBinding } from '../../electron/inference/bindingCheck.js';
import { InferenceWorker } from '../../electron/inference/inferenceWorker.js';
import { runWindows, type WindowJob } from '../../electron/inference/modelRunner.js';
import { SampleSeries } from '../../electron/inference/sampleSeries.js';
import { WindowCache } from '../../electron/inference/windowCache.js';
import type { RunRequest } from '../../electron/inference/types.js';
import { pumpBearingBinding } from '../../electron/inference/shipped/demoBindings.js';
import { MODEL_FILE } from '../../electron/inference/shipped/pumpBearing.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { resourcePath } from '../../electron/platform/resourcePath.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { createPlant } from '../../electron/simulator/plantModel.js';
import { OnnxBindingSchema, type ModelBindingInput, type OnnxBinding } from '../../shared/modelBindings.js';
import type { ModelStatus } from '../../shared/models.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { startSimulatorProcess } from '../helpers/simulatorProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { p99Ms } from './runtimeProbe.js';

const RUNS = 2_000;
const BATCH = 200;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

/**
 * Latency per inference of the shipped model through the app's path — the window built on the
 * main thread as the app builds it at a tick (each binding's last window shifted on by the step
 * that is new since the tick before, resampled and normalised: windowCache.ts), the batch sent
 * to the inference worker, run, its outputs read back — beside a bare `session.run` on a session
 * in this thread, fed at each tick a fresh copy of the very windows the app path built at that
 * tick and timed around `session.run` alone. A bare run on one tensor built once and reused is
 * cheaper still (onnxruntime finds its input where it left it), but the app never feeds that;
 * it is printed as an extra line. Also per inference when 200 windows share one batched run.
 * Between ticks the series take a new second of samples, untimed: in the app that is ingest's
 * work, done as samples arrive.
 */
export async function measureInferenceLatency(log: (line: string) => void): Promise<BenchResult[]> {
  const binding = OnnxBindingSchema.parse(pumpBearingBinding('line1/pump1'));
  const worker = new InferenceWorker({ log: createMemoryLogger(), runTimeoutMs: 10_000 });
  const path = resourcePath('models', MODEL_FILE);
  const signature = await worker.load('shipped', path);
  const check = checkBinding(binding, signature);
  if (!check.ok) throw new Error(check.problems.join('; '));
  // The series grow as ingest would feed them: one sample per input per second.
  let latest = 0;
  const sample = (i: number, t: number) => (i === 0 ? 2 + (t % 7_000) / 7_000 : i === 1 ? 1 : 100);
  const series = binding.inputs.map(() => new SampleSeries());
  const advance = () => {
    latest += 1000;
    series.forEach((s, i) => {
      s.push(latest, sample(i, latest), 0);
      s.trim(latest - 61_000);
    });
  };
  for (let t = 0; t <= 61_000; t += 1000) advance();
  // As in the app, each binding keeps its last window and resamples only the new step per tick.
  const caches = Array.from({ length: BATCH }, () => new WindowCache());
  const job = (n: number): WindowJob[] =>
    Array.from({ length: n }, (_, i) => ({ binding, series, end: latest, cache: caches[i]! }));
  const session = await ort.InferenceSession.create(readFileSync(path), {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const outcome = await runWindows((r) => worker.run(r), 'shipped', check.layout, job(1));
  if (outcome.rows !== 1) throw new Error('the bench window was not usable');
  /** One tick's app path, then bare session.run on a fresh copy of the windows it built. */
  const tick = async (n: number) => {
    let built: { data: Float32Array; dims: number[] } | null = null;
    const run = (request: RunRequest) => {
      built = { data: request.data.slice(), dims: request.dims };
      return worker.run(request);
    };
    const started = performance.now();
    const result = await runWindows(run, 'shipped', check.layout, job(n));
    const app = (performance.now() - started) / n;
    const windows = built as { data: Float32Array; dims: number[] } | null;
    if (!windows || result.rows !== n) throw new Error('the bench windows were not usable');
    const feed = new ort.Tensor('float32', windows.data.slice(), windows.dims);
    const bareStarted = performance.now();
    await session.run({ window: feed });
    const bare = (performance.now() - bareStarted) / n;
    return { app, inWorker: result.runMs! / n, bare };
  };
  const measure = async (n: number) => {
    const app: number[] = [];
    const inWorker: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS / (n === 1 ? 1 : 10); i++) {
      // A new second of samples (ingest's work, not timed), then the tick.
      advance();
      const t = await tick(n);
      app.push(t.app);
      inWorker.push(t.inWorker);
      bare.push(t.bare);
    }
    return { app, inWorker, bare };
  };
  /** The old baseline: one tensor built once, run again and again. */
  const fixedTensor = async (n: number) => {
    const input = new ort.Tensor('float32', new Float32Array(60 * 3 * n).fill(0.1), [n, 60, 3]);
    const times: number[] = [];
    for (let i = 0; i < RUNS / (n === 1 ? 1 : 10); i++) {
      const started = performance.now();
      await session.run({ window: input });
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
  log(
    `  one window: p50 ${p50(single.app)} ms through the app (session.run in the host ${p50(single.inWorker)} ms), bare ${p50(single.bare)} ms on the same window`,
  );
  log(
    `  ${BATCH} windows per run: ${p50(batched.app)} ms per inference through the app (session.run in the host ${p50(batched.inWorker)} ms), bare ${p50(batched.bare)} ms on the same windows`,
  );
  log(
    `  bare on one tensor built once and reused (not what the app feeds): ${p50(singleFixed)} ms for one window, ${p50(batchedFixed)} ms per inference for ${BATCH}`,
  );
  const note = 'shipped pump_bearing.onnx, one window [1, 60, 3] per run';
  return [
    withBaseline(
      {
        name: 'inference.latency_p50_ms',
        value: p50(single.app),
        unit: 'ms',
        target: '≤ 2 × bare session.run',
        note,
      },
      p50(single.bare),
      'bare session.run p50 on a fresh copy of the same window, same tick',
    ),
    withBaseline(
      {
        name: 'inference.latency_p99_ms',
        value: ms(percentile(single.app, 0.99)),
        unit: 'ms',
        target: '≤ 2 × bare session.run',
        note,
      },
      ms(percentile(single.bare, 0.99)),
      'bare session.run p99 on a fresh copy of the same window',
    ),
    withBaseline(
      {
        name: 'inference.batched_per_inference_ms',
        value: p50(batched.app),
        unit: 'ms',
        note: `p50 per window when ${BATCH} windows share one run (as due bindings of one model do)`,
      },
      p50(batched.bare),
      `bare session.run of the same ${BATCH} windows (fresh copy), per window`,
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
      const ingest = (runtime.health().ingest.samples - samplesBefore) / seconds;
      const loop = p99Ms(histogram, 1);
      log(
        `  ${count} bindings every ${everyMs} ms: ${round(rate, 0)} inferences/s, event loop p99 ${loop.toFixed(1)} ms, ingest ${round(ingest, 0)} samples/s`,
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
  return [...(await measureInferenceLatency(log)), ...(await measureInferenceThroughput(log))];
}
