import type { TensorInfo } from '../../shared/models.js';
import type { Baseline, BaselineRequest } from './learnNormal/baseline.js';

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
}
