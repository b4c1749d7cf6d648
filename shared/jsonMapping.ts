import { z } from 'zod';
import { EpochMsSchema } from './domain.js';
import { parsePath } from './jsonPath.js';
import {
  captureNames,
  parseTemplate,
  parseTopicPattern,
  topicFilterOf,
  type TemplatePart,
} from './mappingSyntax.js';
import { covers } from './topicFilters.js';

/**
 * Plain-JSON mapping rules: how a site's own JSON becomes tags, without asking the site to
 * change it. A rule names an MQTT topic pattern with captures (`plant/{area}/{device}/#`) and,
 * per point, where the value, time, quality, unit and tag name live in the payload, through
 * paths into nested objects and arrays (jsonPath.ts). One message may carry many tags.
 *
 * Rules are evaluated in order and the first whose topic pattern matches wins: put specific
 * rules before general ones. A topic no rule matches is ignored or captured as "unmapped",
 * as the fallback says. Templates and patterns: mappingSyntax.ts.
 */

export const MAX_RULES = 200;
export const MAX_POINTS_PER_RULE = 32;
/** Ceiling of a rule's `maxTagsPerMessage`: what one message may add to ingest at most. */
export const MAX_TAGS_PER_MESSAGE = 10_000;
export const DEFAULT_TAGS_PER_MESSAGE = 1_000;

export const MappingRuleIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a rule id as mappings.save returned it');

const PathSchema = z
  .string()
  .max(256)
  .superRefine((text, ctx) => {
    const parsed = parsePath(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

const TemplateSchema = z
  .string()
  .max(256)
  .superRefine((text, ctx) => {
    const parsed = parseTemplate(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
  });

export const TimestampFormatSchema = z.enum(['auto', 'iso', 'epoch_s', 'epoch_ms']);
export type TimestampFormat = z.infer<typeof TimestampFormatSchema>;

/** What a quality value in a payload stands for: a severity word or a full OPC UA StatusCode. */
export const QualityTargetSchema = z.union([
  z.enum(['good', 'uncertain', 'bad', 'stale']),
  z.number().int().min(0).max(0xffffffff),
]);
export type QualityTarget = z.infer<typeof QualityTargetSchema>;

/** An MQTT topic filter: levels of text or `+`, optionally ending in `#`. */
export const TopicFilterSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^(?:[^+#/]*|\+)(?:\/(?:[^+#/]*|\+))*(?:\/#)?$|^#$/,
    'must be an MQTT topic filter like plant/+/status or plant/#',
  );

export const MappingPointSchema = z
  .object({
    /** Where the value is; a wildcard makes one tag per element visited. */
    value: PathSchema,
    /** The tag's name under its device, e.g. `{tag}` or `{$.readings[*].name}`. */
    tag: TemplateSchema,
    /** Absent: the time of receipt. `auto` reads ISO 8601 text, or epoch seconds below 1e11, else ms. */
    timestamp: z
      .object({ path: PathSchema, format: TimestampFormatSchema.default('auto') })
      .strict()
      .optional(),
    /**
     * Absent: good (bad when the value is null). `map` turns the site's own words or numbers into
     * quality; values not in it are read as `good`/`uncertain`/`bad`/`stale` or OPC DA numbers.
     */
    quality: z
      .object({
        path: PathSchema,
        map: z.record(z.string().max(64), QualityTargetSchema).optional(),
      })
      .strict()
      .optional(),
    unit: TemplateSchema.optional(),
    description: TemplateSchema.optional(),
    /** An enum tag's state table text (`0=Stopped;1=Running`, see stateTable.ts). */
    states: PathSchema.optional(),
  })
  .strict();
export type MappingPoint = z.infer<typeof MappingPointSchema>;

const RuleFieldsSchema = z.object({
  name: z.string().trim().min(1, 'a rule needs a name').max(80),
  topic: z
    .string()
    .min(1)
    .max(256)
    .superRefine((text, ctx) => {
      const parsed = parseTopicPattern(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
      // The site client hands every spBv1.0/ message to the Sparkplug host; a rule there would never run.
      else if (text.split('/')[0] === 'spBv1.0')
        ctx.addIssue({
          code: 'custom',
          message: 'topics under spBv1.0/ are Sparkplug B, read by the Sparkplug host',
        });
    }),
  /**
   * What to subscribe to, when broader than the pattern (`plant/#` for `plant/{area}/{device}`):
   * topics it brings that the pattern does not match are counted as unmapped instead of unseen.
   */
  subscribe: TopicFilterSchema.optional(),
  /** Templates of the device's area and name; only topic captures and paths without wildcards. */
  area: TemplateSchema.default('{area}'),
  device: TemplateSchema.default('{device}'),
  points: z.array(MappingPointSchema).min(1, 'a rule needs at least one point').max(MAX_POINTS_PER_RULE),
  /** How long the device may stay silent before its tags turn stale. */
  staleAfterMs: z
    .number()
    .int()
    .min(1_000)
    .max(7 * 86_400_000)
    .optional(),
  /** Tags one message may produce under this rule; the rest are dropped and counted. */
  maxTagsPerMessage: z.number().int().min(1).max(MAX_TAGS_PER_MESSAGE).default(DEFAULT_TAGS_PER_MESSAGE),
});

/** What mappings.save takes: without an id, a new rule; with one, it replaces that rule. */
export const MappingRuleDraftSchema = RuleFieldsSchema.extend({ id: MappingRuleIdSchema.optional() })
  .strict()
  .superRefine(checkReferences);
export type MappingRuleDraft = z.input<typeof MappingRuleDraftSchema>;

/** A rule in a whole-site configuration file: its id kept, so a re-import replaces it in place. */
export const MappingRuleEntrySchema = RuleFieldsSchema.extend({ id: MappingRuleIdSchema })
  .strict()
  .superRefine(checkReferences);
export type MappingRuleEntry = z.output<typeof MappingRuleEntrySchema>;

export const MappingRuleSchema = RuleFieldsSchema.extend({
  id: MappingRuleIdSchema,
  updatedMs: EpochMsSchema,
  savedBy: z.string(),
})
  .strict()
  .superRefine(checkReferences);
export type MappingRule = z.output<typeof MappingRuleSchema>;

/** Fallback for topics no rule matches: drop them (counted), or keep the latest few to look at. */
export const UnmatchedFallbackSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ignore') }).strict(),
  z
    .object({
      action: z.literal('capture'),
      /** What to subscribe to for capture, beyond the rules' own topics. */
      filter: TopicFilterSchema.default('#'),
    })
    .strict(),
]);
export type UnmatchedFallback = z.output<typeof UnmatchedFallbackSchema>;

/** One topic no rule matched: its latest payload (cut to MAX_CAPTURE_BYTES) and how often it came. */
export const UnmappedCaptureSchema = z.object({
  topic: z.string(),
  payload: z.string(),
  /** The payload was longer than what is kept. */
  truncated: z.boolean(),
  bytes: z.number().int().min(0),
  count: z.number().int().min(0),
  lastMs: EpochMsSchema,
});
export type UnmappedCapture = z.infer<typeof UnmappedCaptureSchema>;
export const MAX_CAPTURED_TOPICS = 100;
export const MAX_CAPTURE_BYTES = 4_096;

/** A tag a payload would produce, as the preview shows it. */
export const PreviewTagSchema = z.object({
  id: z.string(),
  device: z.string(),
  value: z.union([z.number(), z.string(), z.null()]),
  ts: EpochMsSchema,
  quality: z.number().int(),
  unit: z.string(),
  dataType: z.string(),
});
export type PreviewTag = z.infer<typeof PreviewTagSchema>;

export const PreviewResultSchema = z.object({
  /** The rule that matched (`draft` for a rule given with the request), or null. */
  rule: z.string().nullable(),
  tags: z.array(PreviewTagSchema),
  /** Why nothing (or not everything) came out: each problem with its counted cause. */
  problems: z.array(z.object({ cause: z.string(), detail: z.string() })),
});
export type PreviewResult = z.infer<typeof PreviewResultSchema>;

/**
 * Names a rule's templates use must exist: a capture in its topic pattern, and paths in the
 * device's name without wildcards (one message is one device). A point's other paths may not
 * have more wildcards than its value path, whose keys they share.
 */
function checkReferences(rule: z.output<typeof RuleFieldsSchema>, ctx: z.RefinementCtx): void {
  const topic = parseTopicPattern(rule.topic);
  if (!topic.ok) return;
  if (rule.subscribe !== undefined) {
    const derived = topicFilterOf(topic.value);
    if (!covers(rule.subscribe, derived))
      ctx.addIssue({
        code: 'custom',
        message: `must take in every topic of the pattern (${derived}), like ${derived.split('/')[0]}/#`,
        path: ['subscribe'],
      });
  }
  const captures = new Set(captureNames(topic.value));
  const check = (template: string | undefined, path: (string | number)[], wildcards: number): void => {
    const parsed = template === undefined ? null : parseTemplate(template);
    if (!parsed?.ok) return;
    for (const problem of templateProblems(parsed.value, captures, wildcards, rule.topic))
      ctx.addIssue({ code: 'custom', message: problem, path });
  };
  check(rule.area, ['area'], 0);
  check(rule.device, ['device'], 0);
  rule.points.forEach((point, i) => {
    const value = parsePath(point.value);
    // A value path that does not parse is reported on its own; names are still checked.
    const keys = value.ok ? value.path.wildcards : Infinity;
    check(point.tag, ['points', i, 'tag'], keys);
    check(point.unit, ['points', i, 'unit'], keys);
    check(point.description, ['points', i, 'description'], keys);
    const paths: [string, string | undefined][] = [
      ['timestamp', point.timestamp?.path],
      ['quality', point.quality?.path],
      ['states', point.states],
    ];
    for (const [field, text] of paths) {
      const parsed = text === undefined ? null : parsePath(text);
      if (parsed?.ok && parsed.path.wildcards > keys)
        ctx.addIssue({
          code: 'custom',
          message: `has more wildcards than the value path ${point.value}`,
          path: ['points', i, field],
        });
    }
  });
}

function templateProblems(
  parts: readonly TemplatePart[],
  captures: ReadonlySet<string>,
  wildcards: number,
  topic: string,
): string[] {
  return parts.flatMap((part) => {
    if (part.kind === 'capture' && !captures.has(part.name))
      return [`{${part.name}} is not captured by the topic pattern ${topic}`];
    if (part.kind === 'path' && part.path.wildcards > wildcards)
      return [
        wildcards === 0
          ? `{${part.source}}: no wildcards here (the value path has none, or this names the device)`
          : `{${part.source}} has more wildcards than the value path`,
      ];
    if (part.kind === 'key' && (wildcards === 0 || part.position > wildcards))
      return [`{key${part.position || ''}}: the value path has ${wildcards} wildcard(s)`];
    return [];
  });
}
