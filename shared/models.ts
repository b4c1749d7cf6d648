import { z } from 'zod';
import { EpochMsSchema, QualityCodeSchema, TagIdSchema } from './domain.js';
import { ModelBindingSchema, ModelFileSchema, ModelIdSchema } from './modelBindings.js';

/**
 * What the model runtime reports: per binding its state and statistics, the runtime itself
 * (onnxruntime loads lazily, so a missing native library is a state here, not a crash), model
 * files with their signatures, and test runs over history.
 */

/** A model input's or output's name, element type and shape (a string names a free dimension). */
export const TensorInfoSchema = z.object({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.number().int(), z.string()])),
});
export type TensorInfo = z.infer<typeof TensorInfoSchema>;

export const ModelSignatureSchema = z.object({
  file: ModelFileSchema,
  inputs: z.array(TensorInfoSchema),
  outputs: z.array(TensorInfoSchema),
});
export type ModelSignature = z.infer<typeof ModelSignatureSchema>;

export const ModelFileInfoSchema = z.object({
  file: ModelFileSchema,
  /** data: the data folder's models/ (replaceable at run time); shipped: the app's resources. */
  source: z.enum(['data', 'shipped']),
  bytes: z.number().int().min(0),
  modifiedMs: EpochMsSchema,
});
export type ModelFileInfo = z.infer<typeof ModelFileInfoSchema>;

export const ModelStatsSchema = z.object({
  /** Windows evaluated since start. */
  inferences: z.number().int().min(0),
  /** Over the last ten seconds. */
  perSecond: z.number().min(0),
  /** Per run, from the window leaving the main thread to its outputs coming back; null before any. */
  latencyP50Ms: z.number().min(0).nullable(),
  latencyP99Ms: z.number().min(0).nullable(),
  errors: z.number().int().min(0),
  lastRunMs: EpochMsSchema.nullable(),
  lastError: z.string().nullable(),
});
export type ModelStats = z.infer<typeof ModelStatsSchema>;

/**
 * running: producing outputs; waiting: for input tags, data or the runtime; disabled: by an
 * engineer; error: the binding does not fit its model, the file is missing or broken, or the
 * model failed (too slow, an exception) and was taken out of service until edited or enabled.
 */
export const ModelStateSchema = z.enum(['running', 'waiting', 'disabled', 'error']);
export type ModelState = z.infer<typeof ModelStateSchema>;

export const ModelStatusSchema = z.object({
  binding: ModelBindingSchema,
  /** The stored version (0: a demo default never edited). */
  version: z.number().int().min(0),
  /** stored: saved in config.db; demo: bound by default while the demo plant runs. */
  source: z.enum(['stored', 'demo']),
  state: ModelStateSchema,
  message: z.string().nullable(),
  stats: ModelStatsSchema,
});
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

/** idle: not loaded yet (no ONNX binding needed it); unavailable: the native library failed to load. */
export const InferenceRuntimeSchema = z.object({
  state: z.enum(['idle', 'ok', 'unavailable']),
  version: z.string().nullable(),
  error: z.string().nullable(),
  /** Times the worker was replaced because a run would not end. */
  restarts: z.number().int().min(0),
});
export type InferenceRuntime = z.infer<typeof InferenceRuntimeSchema>;

/** The inference part of /api/health. */
export const InferenceHealthSchema = z.object({
  runtime: InferenceRuntimeSchema,
  models: z.array(
    ModelStatsSchema.extend({ id: ModelIdSchema, state: ModelStateSchema, message: z.string().nullable() }),
  ),
});
export type InferenceHealth = z.infer<typeof InferenceHealthSchema>;

/** A series at the run times of a test run: values (null where bad) and qualities. */
export const TestSeriesSchema = z.object({
  tag: TagIdSchema,
  value: z.array(z.number().nullable()),
  quality: z.array(QualityCodeSchema),
});
export type TestSeries = z.infer<typeof TestSeriesSchema>;

/** A binding run over history: at each run time, the newest input values beside the outputs. */
export const TestRunResultSchema = z.object({
  from: EpochMsSchema,
  to: EpochMsSchema,
  ts: z.array(EpochMsSchema),
  inputs: z.array(TestSeriesSchema),
  outputs: z.array(TestSeriesSchema),
  /** Run times left out to stay within the limit, when the period held more. */
  thinned: z.boolean(),
});
export type TestRunResult = z.infer<typeof TestRunResultSchema>;
