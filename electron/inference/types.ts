import type { OnnxBinding } from '../../shared/modelBindings.js';
import type { TensorInfo } from '../../shared/models.js';
import type { Baseline, BaselineRequest } from './learnNormal/baseline.js';
import type { ResultColumns } from './liveResults.js';

/** A loaded model's inputs and outputs, read from the session. */
export interface SessionSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** One run: `rows` windows stacked along the first axis of `input`. */
export interface RunRequest {
  key: string;
  input: string;
  data: Float32Array;
  dims: number[];
  outputs: string[];
  rows: number;
  /** The model takes one window per run (its batch axis is fixed at 1): run the rows one by one. */
  splitRows: boolean;
}

/** An output's values for every row, as doubles whatever the model's element type. */
export interface OutputTensor {
  data: Float64Array;
  dims: number[];
}

export interface RunReply {
  outputs: Record<string, OutputTensor>;
  /** Time inside session.run alone, for comparison with the end-to-end latency. */
  runMs: number;
}

/**
 * Samples of tracked tags in columns, as they cross to the host: the tag's number (given by
 * `liveTrack`), time, value (`missing` 1 where the value is null) and quality.
 */
export interface SampleBatch {
  tags: Uint32Array;
  ts: Float64Array;
  value: Float64Array;
  missing: Uint8Array;
  quality: Uint32Array;
}

/** Tracked tags by number: how far back each must be kept; `drop`: no longer read. */
export interface LiveTrack {
  set: { tag: number; spanMs: number }[];
  drop: number[];
}

/** When the host runs a live binding: on the clock, or on each new sample of a tag (by number). */
export type LiveTrigger = { kind: 'interval'; everyMs: number } | { kind: 'sample'; tag: number };

/** A checked ONNX binding as the host runs it: its session, its layout, its inputs by number. */
export interface LiveBinding {
  binding: OnnxBinding;
  key: string;
  input: string;
  /** The input's shape after the batch axis. */
  shape: number[];
  splitRows: boolean;
  tags: number[];
  trigger: LiveTrigger;
  /**
   * The main thread's number for this binding as bound now (a new one each time), which its
   * results carry: those of a binding since edited or removed find no owner and are dropped.
   */
  handle: number;
}

/** A live run of the host (liveRunner.ts): its number, its session, its bindings. */
export interface LiveRunning {
  seq: number;
  key: string;
  handles: number[];
}

/** What one live run gave, sent unasked as soon as its outputs are read. */
export interface LiveResults extends LiveRunning {
  /** Where each binding's window ends, by handle. */
  ends: Float64Array;
  /** One per handle, in order, in columns (liveResults.ts). */
  results: ResultColumns;
  /** Windows that went to the model, and the input's shape for them. */
  rows: number;
  dims: number[];
  splitRows: boolean;
  /** Time inside session.run, null when no window went. */
  runMs: number | null;
  /** When the run was triggered (its timer fired, its driving sample arrived), on the shared clock (sharedClock.ts). */
  triggeredAt: number;
  /** From the trigger to the outputs ready to send. */
  hostMs: number;
}

/** A live run that failed as a whole: its model threw. */
export interface LiveFailed extends LiveRunning {
  code: string;
  message: string;
}

/** What the host tells of live runs: noted as started (runningMark.ts), then done or failed (liveCodec.ts). */
export interface LiveEvents {
  running(running: LiveRunning & { startedAt: number }): void;
  results(results: LiveResults): void;
  failed(failed: LiveFailed): void;
}

/** What inference.process.ts answers; the facade (inferenceWorker.ts) calls it. */
export interface InferenceWorkerApi {
  [method: string]: (args: never) => unknown;
  /** Loads onnxruntime on first use; answers its version. */
  runtime(args: null): { version: string };
  load(args: { key: string; path: string }): SessionSignature;
  unload(args: { key: string }): null;
  run(args: RunRequest): RunReply;
  /** Fits a baseline of normal operation (learnNormal/baseline.ts) and makes it a model. */
  learnBaseline(args: BaselineRequest): Baseline | { problem: string };
  /** Live windowing (liveWindows.ts, liveRunner.ts): which tags to keep, their samples, bindings; runs are the host's. */
  liveTrack(args: LiveTrack): null;
  /** `merge`: history, merged under what arrived live; else live samples, appended. */
  liveSamples(args: { batch: SampleBatch; merge: boolean }): null;
  liveBind(args: LiveBinding & { id: string }): null;
  liveUnbind(args: { id: string }): null;
  /** Answers once the live runs due now are done and their results sent. */
  liveIdle(args: null): null;
}
