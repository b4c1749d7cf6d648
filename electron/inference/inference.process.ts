import { readFileSync } from 'node:fs';
import type * as Ort from 'onnxruntime-node';
import { connectFrames, type FrameAddress } from '../platform/frameSocket.js';
import { processData, processLog, serveProcess } from '../platform/processHost.js';
import { Transfer, type WorkerHandlers } from '../platform/workerHost.js';
import { WorkerError } from '../platform/workerProtocol.js';
import { learnBaseline } from './learnNormal/baseline.js';
import { decodeSamplesFrame, encodeFailedFrame, encodeResultsFrame, LiveFrame } from './liveCodec.js';
import { LiveRunner } from './liveRunner.js';
import { RunningMarkWriter } from './runningMark.js';
import type { InferenceWorkerApi, OutputTensor, RunReply, RunRequest, SessionSignature } from './types.js';

/**
 * The inference host process: owns onnxruntime and every session, so no model ever runs in the
 * process that answers the window, and a run that never ends, or a native error thrown while
 * it is being killed (onnxruntime issues #13086, #20084, #24486 abort the whole process when
 * that happens in a worker thread), ends only this process. onnxruntime is imported on first
 * use, not at start: a missing or broken native library fails that call with
 * RUNTIME_UNAVAILABLE, which the facade reports, and the rest of the app never notices.
 *
 * Live bindings are kept and run here too (liveRunner.ts): the main thread forwards their input
 * samples; their triggers fire here, and only their output values go back, unasked, on the
 * live lane — binary frames on a local socket beside the IPC channel (liveCodec.ts).
 *
 * Sessions are set up for many small models next to ingest: one intra-op and one inter-op
 * thread (a run uses this process's main thread and leaves the other cores to ingest and
 * SQLite), sequential execution, and every graph optimisation.
 */
const {
  runtimeModule,
  lane: laneAddress,
  runningMark,
} = processData<{
  runtimeModule: string;
  lane: FrameAddress;
  runningMark: string;
}>();

let ort: typeof Ort | null = null;
const sessions = new Map<string, Ort.InferenceSession>();

async function runtime(): Promise<typeof Ort> {
  if (ort) return ort;
  try {
    const loaded = (await import(runtimeModule)) as typeof Ort & { default?: typeof Ort };
    ort = loaded.default ?? loaded;
    return ort;
  } catch (error) {
    throw new WorkerError(
      'RUNTIME_UNAVAILABLE',
      `onnxruntime could not be loaded: ${(error as Error).message}`,
    );
  }
}

const SESSION_OPTIONS: Ort.InferenceSession.SessionOptions = {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  logSeverityLevel: 3,
};

async function load(key: string, path: string): Promise<SessionSignature> {
  const { InferenceSession } = await runtime();
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new WorkerError('MODEL_MISSING', `cannot read ${path}: ${(error as Error).message}`);
  }
  let session: Ort.InferenceSession;
  try {
    session = await InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    throw new WorkerError('MODEL_INVALID', `not a model onnxruntime can load: ${(error as Error).message}`);
  }
  await sessions.get(key)?.release();
  sessions.set(key, session);
  const describe = (meta: readonly Ort.InferenceSession.ValueMetadata[]) =>
    meta.map((m) =>
      m.isTensor
        ? { name: m.name, type: m.type, shape: [...m.shape] }
        : { name: m.name, type: 'non-tensor', shape: [] },
    );
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}

async function run(request: RunRequest): Promise<RunReply> {
  const session = sessions.get(request.key);
  if (!session) throw new WorkerError('NOT_LOADED', `model ${request.key} is not loaded`);
  // Loaded with the session; not awaited again, which would cost the run a turn of microtasks.
  const { Tensor } = ort ?? (await runtime());
  const { data, dims, rows, outputs } = request;
  const started = performance.now();
  const results: Ort.InferenceSession.ReturnType[] = [];
  if (request.splitRows && rows > 1) {
    const rowSize = data.length / rows;
    const rowDims = [1, ...dims.slice(1)];
    for (let r = 0; r < rows; r++) {
      const feed = new Tensor('float32', data.subarray(r * rowSize, (r + 1) * rowSize), rowDims);
      results.push(await session.run({ [request.input]: feed }, outputs));
    }
  } else {
    results.push(await session.run({ [request.input]: new Tensor('float32', data, dims) }, outputs));
  }
  const runMs = performance.now() - started;
  const reply: RunReply = { outputs: {}, runMs };
  for (const name of outputs) reply.outputs[name] = joinRows(results.map((result) => result[name]));
  return reply;
}

/** One output over every run, as doubles: int64 arrives as BigInt, booleans as 0/1. */
function joinRows(tensors: (Ort.Tensor | undefined)[]): OutputTensor {
  const first = tensors[0];
  if (!first) throw new WorkerError('NO_OUTPUT', 'the model did not produce a requested output');
  const total = tensors.reduce((sum, t) => sum + (t?.size ?? 0), 0);
  const data = new Float64Array(total);
  let at = 0;
  for (const tensor of tensors) {
    if (!tensor) continue;
    if (tensor.type === 'string') throw new WorkerError('OUTPUT_TYPE', 'a string output cannot feed a tag');
    const values = tensor.data as ArrayLike<number | bigint | boolean>;
    for (let i = 0; i < values.length; i++) data[at++] = Number(values[i]);
  }
  const dims = [...first.dims];
  if (tensors.length > 1 && dims.length > 0) dims[0] = tensors.reduce((sum, t) => sum + (t?.dims[0] ?? 0), 0);
  return { data, dims };
}

/**
 * Runs `task` once the one before it is done. Loading a model, a run asked for, fitting a
 * baseline and a live run each hold this process's thread for as long as they take; taken one
 * at a time, a live run's noted start (runningMark.ts) is when it really starts, and the watchdog
 * never blames it for a load or a fit that happened to be in the way.
 */
let busy: Promise<unknown> = Promise.resolve();
function exclusively<T>(task: () => T | Promise<T>): Promise<T> {
  const next = busy.then(task);
  busy = next.catch(() => {});
  return next;
}

serveProcess(() => {
  // The live lane: live samples in, runs and their results out (liveCodec.ts).
  const lane = connectFrames(laneAddress);
  const mark = new RunningMarkWriter(runningMark);
  const live = new LiveRunner(
    run,
    {
      running: (running) => mark.write(running),
      results: (results) => lane.send(LiveFrame.results, encodeResultsFrame(results)),
      failed: (failed) => lane.send(LiveFrame.failed, encodeFailedFrame(failed)),
    },
    exclusively,
  );
  lane.onFrame((type, payload) => {
    if (type === LiveFrame.samples) live.samples(decodeSamplesFrame(payload), false);
  });
  lane.onError((error) => processLog('warn', `a live frame was dropped: ${error.message}`));
  const handlers: WorkerHandlers<InferenceWorkerApi> = {
    runtime: async () => ({ version: (await runtime()).env.versions.node ?? 'unknown' }),
    load: ({ key, path }) => exclusively(() => load(key, path)),
    unload: ({ key }) =>
      exclusively(async () => {
        await sessions.get(key)?.release();
        sessions.delete(key);
        return null;
      }),
    run: (request) =>
      exclusively(async () => {
        const reply = await run(request);
        return new Transfer(
          reply,
          Object.values(reply.outputs).map((output) => output.data.buffer as ArrayBuffer),
        );
      }),
    learnBaseline: (request) =>
      exclusively(() => {
        const baseline = learnBaseline(request);
        return 'problem' in baseline
          ? baseline
          : new Transfer(baseline, [baseline.model.buffer as ArrayBuffer]);
      }),
    liveTrack: (changes) => {
      live.track(changes);
      return null;
    },
    liveSamples: ({ batch, merge }) => {
      live.samples(batch, merge);
      return null;
    },
    liveBind: ({ id, ...spec }) => {
      live.bind(id, spec);
      return null;
    },
    liveUnbind: ({ id }) => {
      live.unbind(id);
      return null;
    },
    liveIdle: async () => {
      await live.idle();
      return null;
    },
  };
  return {
    handlers,
    close: () => {
      live.stop();
      mark.close();
      for (const session of sessions.values()) void session.release();
      sessions.clear();
    },
  };
});
