import { z } from 'zod';

/**
 * The inference runtime's part of health, apart from the rest of models.ts so that domain.ts
 * (HealthSchema) can include it without an import cycle: this file imports nothing of shared/.
 */

const EpochMs = z.number().int().min(0).max(8.64e15);

export const ModelStatsSchema = z.object({
  /** Windows evaluated since start. */
  inferences: z.number().int().min(0),
  /** Over the last ten seconds. */
  perSecond: z.number().min(0),
  /** Per run, from the window leaving the main thread to its outputs coming back; null before any. */
  latencyP50Ms: z.number().min(0).nullable(),
  latencyP99Ms: z.number().min(0).nullable(),
  errors: z.number().int().min(0),
  lastRunMs: EpochMs.nullable(),
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

/** idle: not loaded yet (no ONNX binding needed it); unavailable: the native library failed to load. */
export const InferenceRuntimeSchema = z.object({
  state: z.enum(['idle', 'ok', 'unavailable']),
  version: z.string().nullable(),
  error: z.string().nullable(),
  /** Times the inference process was replaced: a run would not end, or it exited or crashed. */
  restarts: z.number().int().min(0),
  /** Why it was last replaced (the run too slow, its exit code or signal); absent or null: never. */
  lastRestart: z.string().nullable().optional(),
});
export type InferenceRuntime = z.infer<typeof InferenceRuntimeSchema>;

/** The inference part of /api/health. */
export const InferenceHealthSchema = z.object({
  runtime: InferenceRuntimeSchema,
  models: z.array(
    ModelStatsSchema.extend({ id: z.string(), state: ModelStateSchema, message: z.string().nullable() }),
  ),
});
export type InferenceHealth = z.infer<typeof InferenceHealthSchema>;
