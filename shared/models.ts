import { z } from 'zod';
import { EpochMsSchema, QualityCodeSchema, TagIdSchema } from './domain.js';
import { ModelStateSchema, ModelStatsSchema } from './inferenceHealth.js';
import { ModelBindingSchema, ModelFileSchema } from './modelBindings.js';

export * from './inferenceHealth.js';

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

/** The largest model file taken from a user: an edge model, not a language model. */
export const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

export const ModelFileInfoSchema = z.object({
  file: ModelFileSchema,
  /** data: the data folder's models/ (replaceable at run time); shipped: the app's resources. */
  source: z.enum(['data', 'shipped']),
  bytes: z.number().int().min(0),
  modifiedMs: EpochMsSchema,
});
export type ModelFileInfo = z.infer<typeof ModelFileInfoSchema>;

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
