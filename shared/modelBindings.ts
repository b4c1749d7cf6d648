import { z } from 'zod';
import { EpochMsSchema, TagIdSchema } from './domain.js';

/**
 * Model bindings: a model plus how to feed it and what its outputs mean. An ONNX binding reads
 * a window of input tags (resampled to a fixed step, each input normalised as the model was
 * trained), runs on a trigger, and writes chosen elements of the model's outputs to derived
 * tags; a z-score binding is the built-in detector for one tag, no model file needed. Every
 * binding's outputs enter the app as the tags of the derived device `models/<id>`, so they are
 * historised, trended and alarmed like measured tags.
 */

/** A binding's id, also the name of its derived device `models/<id>`. */
export const ModelIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'letters, digits, "_", "." and "-", starting with a letter or digit',
  );
export type ModelId = z.infer<typeof ModelIdSchema>;

/** The device under which a binding's outputs appear. */
export const modelDeviceId = (id: string): string => `models/${id}`;

/** A model file in the models folder: a plain file name, never a path. */
export const ModelFileSchema = z
  .string()
  .min(6)
  .max(128)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.onnx$/, 'a file name like pump.onnx, without folders');

/** How an input's engineering value becomes what the model was trained on. */
export const NormaliseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** (x − mean) / std */
  z.object({ kind: z.literal('meanStd'), mean: z.number(), std: z.number().positive() }).strict(),
  /** (x − min) / (max − min) */
  z
    .object({ kind: z.literal('minMax'), min: z.number(), max: z.number() })
    .strict()
    .refine((n) => n.max > n.min, { message: 'max must be above min', path: ['max'] }),
]);
export type Normalise = z.infer<typeof NormaliseSchema>;

export const ModelInputSchema = z
  .object({ tag: TagIdSchema, normalise: NormaliseSchema.default({ kind: 'none' }) })
  .strict();
export type ModelInput = z.infer<typeof ModelInputSchema>;

/**
 * The window a model sees: `steps` points `stepMs` apart, the newest at the trigger time.
 * hold: each point is the last value at or before it; mean: the mean of the good samples since
 * the point before (the last value when there were none).
 */
export const WindowSchema = z
  .object({
    steps: z.number().int().min(1).max(4096),
    stepMs: z.number().int().min(10).max(86_400_000),
    resample: z.enum(['hold', 'mean']).default('hold'),
  })
  .strict();
export type ModelWindow = z.infer<typeof WindowSchema>;

/**
 * What a point without a usable value (none yet, or bad quality) does: holdLast feeds the last
 * good value before it and flags the outputs uncertain; skip leaves this run out (the outputs
 * keep their last value); markBad writes the outputs as bad, with the input's quality.
 */
export const MissingPolicySchema = z.enum(['holdLast', 'skip', 'markBad']);
export type MissingPolicy = z.infer<typeof MissingPolicySchema>;

/** Every N ms (aligned to the clock), or on each new sample of a driving tag. */
export const TriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interval'), everyMs: z.number().int().min(100).max(86_400_000) }).strict(),
  z.object({ kind: z.literal('sample'), tag: TagIdSchema }).strict(),
]);
export type Trigger = z.infer<typeof TriggerSchema>;

/** A derived tag as a binding describes it: trended with this unit and fixed range. */
export const DerivedTagSchema = z
  .object({
    tag: TagIdSchema,
    description: z.string().max(200).default(''),
    unit: z.string().max(32).default(''),
    engLow: z.number().nullable().default(null),
    engHigh: z.number().nullable().default(null),
  })
  .strict();
export type DerivedTag = z.infer<typeof DerivedTagSchema>;

export const OnnxOutputSchema = DerivedTagSchema.extend({
  /** The model output's name, as its signature gives it. */
  output: z.string().min(1).max(256),
  /** Which element of the output's row for one window: 1 for the second class of an [N, 2] output. */
  index: z.number().int().min(0).max(1_000_000).default(0),
}).strict();
export type OnnxOutput = z.infer<typeof OnnxOutputSchema>;

const common = {
  id: ModelIdSchema,
  description: z.string().max(500).default(''),
  enabled: z.boolean().default(true),
};

/** The most values one window may hold (steps × inputs). */
export const MAX_WINDOW_VALUES = 262_144;

export const OnnxBindingSchema = z
  .object({
    ...common,
    kind: z.literal('onnx'),
    model: ModelFileSchema,
    /** The model input the window feeds; unset: the model's only input. */
    input: z.string().min(1).max(256).optional(),
    /** In the order of the model's feature axis. */
    inputs: z.array(ModelInputSchema).min(1).max(256),
    window: WindowSchema,
    missing: MissingPolicySchema.default('markBad'),
    trigger: TriggerSchema,
    outputs: z.array(OnnxOutputSchema).min(1).max(64),
  })
  .strict()
  .refine((b) => b.window.steps * b.inputs.length <= MAX_WINDOW_VALUES, {
    message: `a window holds at most ${MAX_WINDOW_VALUES} values (steps × inputs)`,
    path: ['window', 'steps'],
  });
export type OnnxBinding = z.infer<typeof OnnxBindingSchema>;

/**
 * The rolling z-score detector: each new good sample of `tag` against the mean and standard
 * deviation of the `samples` good samples before it; anomalous beyond `threshold` σ.
 */
export const ZScoreBindingSchema = z
  .object({
    ...common,
    kind: z.literal('zscore'),
    tag: TagIdSchema,
    samples: z.number().int().min(3).max(10_000).default(20),
    threshold: z.number().positive().max(1_000).default(2.5),
    /** The z value of each sample. */
    score: DerivedTagSchema,
    /** 1 while |z| is beyond the threshold, else 0. */
    anomaly: DerivedTagSchema.optional(),
  })
  .strict();
export type ZScoreBinding = z.infer<typeof ZScoreBindingSchema>;

export const ModelBindingSchema = z
  .discriminatedUnion('kind', [OnnxBindingSchema, ZScoreBindingSchema])
  .superRefine((binding, context) => {
    const seen = new Set<string>();
    derivedTags(binding).forEach((derived, index) => {
      if (seen.has(derived.tag))
        context.addIssue({
          code: 'custom',
          message: `${derived.tag} is written twice`,
          path: ['outputs', index],
        });
      seen.add(derived.tag);
    });
  });
export type ModelBinding = z.infer<typeof ModelBindingSchema>;
export type ModelBindingInput = z.input<typeof ModelBindingSchema>;

/** The tags a binding writes. */
export function derivedTags(binding: ModelBinding): DerivedTag[] {
  if (binding.kind === 'onnx') return binding.outputs;
  return binding.anomaly ? [binding.score, binding.anomaly] : [binding.score];
}

/** The tags a binding reads, the driving tag included. */
export function inputTags(binding: ModelBinding): string[] {
  if (binding.kind === 'zscore') return [binding.tag];
  const tags = binding.inputs.map((input) => input.tag);
  if (binding.trigger.kind === 'sample') tags.push(binding.trigger.tag);
  return [...new Set(tags)];
}

/** One stored change of a binding: `before` is null for the first, `after` null for a deletion. */
export const ModelBindingVersionSchema = z.object({
  version: z.number().int().min(1),
  changedMs: EpochMsSchema,
  changedBy: z.string(),
  before: ModelBindingSchema.nullable(),
  after: ModelBindingSchema.nullable(),
});
export type ModelBindingVersion = z.infer<typeof ModelBindingVersionSchema>;
