import { z } from 'zod';
import { AlarmLimitKindSchema, TagIdSchema, type AlarmLimitKind } from './domain.js';

/**
 * Alarm definitions as an engineer configures them on a tag (../shared/reference/alarms.md).
 * Stored in the tag's configuration (tagConfig.ts), versioned and journaled with it, carried in
 * the site configuration file. The engine (electron/alarms/) evaluates them.
 *
 * One tag has at most one alarm of each family: its limit alarm (HH/H/L/LL as the levels of one
 * alarm, so that H→HH is an escalation of the same alarm), a deviation alarm, a rate-of-change
 * alarm, a discrete-state alarm and a bad-quality / communication-loss alarm. An alarm's id is
 * `<tag>#<family>` — `#` cannot occur in a tag id.
 */

/** zod 4's numbers are finite already; the message says so in words an engineer reads. */
const finite = z.number({ error: 'must be a finite number' });

/** ISA-18.2 priorities: three, plus critical for the few that may never be missed. */
export const AlarmPrioritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;
/** Most severe first: the default list order and the banner's choice. */
export const PRIORITY_RANK: Readonly<Record<AlarmPriority, number>> = {
  critical: 3,
  high: 2,
  medium: 1,
  low: 0,
};

/** Longest on-, off-delay or re-alarm time: a day. Longer is a design error, not a delay. */
export const MAX_ALARM_DELAY_MS = 86_400_000;
export const MAX_ALARM_MESSAGE = 200;

const delay = (what: string) =>
  z
    .number()
    .int(`${what} is whole milliseconds`)
    .min(0, `${what} is not negative`)
    .max(MAX_ALARM_DELAY_MS, `${what} is at most a day`);

/** A scalar a condition compares with: numbers (booleans as 0/1 or true/false), enum values, texts. */
export const ConditionValueSchema = z.union([finite, z.boolean(), z.string().max(1024)]);
export type ConditionValue = z.infer<typeof ConditionValueSchema>;

export const ComparisonSchema = z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
export type Comparison = z.infer<typeof ComparisonSchema>;

/**
 * Suppression by design: while `<tag> <op> <value>` holds (e.g. `pump3/running eq false`), the
 * alarm is evaluated and journaled but not annunciated. A referenced tag that is unknown, bad or
 * stale does NOT suppress: an alarm is never hidden by missing information.
 */
export const SuppressionSchema = z
  .object({ tag: TagIdSchema, op: ComparisonSchema, value: ConditionValueSchema })
  .strict();
export type Suppression = z.infer<typeof SuppressionSchema>;

/** What every alarm of every family carries. */
const common = {
  priority: AlarmPrioritySchema,
  /** What the operator reads in the banner and list; empty: generated from the tag and limit. */
  message: z
    .string()
    .trim()
    .max(MAX_ALARM_MESSAGE, `a message has at most ${MAX_ALARM_MESSAGE} characters`)
    .optional(),
  /** The condition must hold this long before the alarm becomes active. */
  onDelayMs: delay('an on-delay').optional(),
  /** The condition must be clear (past the deadband) this long before the alarm returns. */
  offDelayMs: delay('an off-delay').optional(),
  /** Still active and acknowledged this long: annunciated again (ISA-18.2 re-alarm). */
  reAlarmMs: delay('a re-alarm time').min(1_000, 'a re-alarm time is at least a second').optional(),
  /** Latched: stays in alarm after the condition clears until an operator resets it. */
  latching: z.boolean().optional(),
  suppressWhen: SuppressionSchema.optional(),
};

/** One limit (level) of a tag's limit alarm. */
export const AlarmLimitDefSchema = z
  .object({
    kind: AlarmLimitKindSchema,
    value: finite,
    /** Clear again only past `value ∓ deadband` (engineering units). */
    deadband: finite.min(0, 'a deadband is not negative'),
    ...common,
  })
  .strict();
export type AlarmLimitDef = z.infer<typeof AlarmLimitDefSchema>;

/** |value − setpoint tag| ≥ value, clearing below value − deadband. */
export const DeviationDefSchema = z
  .object({
    kind: z.literal('deviation'),
    setpointTag: TagIdSchema,
    value: finite.positive('a deviation limit is above zero'),
    deadband: finite.min(0, 'a deadband is not negative'),
    ...common,
  })
  .strict();

/** |Δvalue / Δt| over the window ≥ value (engineering units per second). */
export const RateOfChangeDefSchema = z
  .object({
    kind: z.literal('rateOfChange'),
    value: finite.positive('a rate limit is above zero'),
    deadband: finite.min(0, 'a deadband is not negative'),
    /** Span the rate is measured over; default 10 s. */
    windowMs: z.number().int().min(1_000).max(3_600_000).optional(),
    ...common,
  })
  .strict();

/** Active while the value is one of `states` (a trip = true; an enum in 'fault' or 'tripped'). */
export const DiscreteDefSchema = z
  .object({
    kind: z.literal('discrete'),
    states: z.array(ConditionValueSchema).min(1, 'name at least one alarm state').max(16),
    ...common,
  })
  .strict();

/**
 * Bad quality or communication loss of the tag itself. Every tag with another alarm gets one
 * implicitly (priority low) unless it is configured: a limit alarm frozen on a stale value is
 * announced by this one instead.
 */
export const BadQualityDefSchema = z.object({ kind: z.literal('badQuality'), ...common }).strict();

export const AlarmDefinitionSchema = z.discriminatedUnion('kind', [
  AlarmLimitDefSchema,
  DeviationDefSchema,
  RateOfChangeDefSchema,
  DiscreteDefSchema,
  BadQualityDefSchema,
]);
export type AlarmDefinition = z.infer<typeof AlarmDefinitionSchema>;

/** The alarm families: the part of an alarm id after `#`. */
export const AlarmFamilySchema = z.enum(['level', 'deviation', 'rateOfChange', 'discrete', 'badQuality']);
export type AlarmFamily = z.infer<typeof AlarmFamilySchema>;

export function familyOf(definition: AlarmDefinition): AlarmFamily {
  return isLimitDef(definition) ? 'level' : definition.kind;
}

export function isLimitDef(definition: AlarmDefinition): definition is AlarmLimitDef {
  return AlarmLimitKindSchema.safeParse(definition.kind).success;
}

const LIMIT_ORDER: readonly AlarmLimitKind[] = ['LL', 'L', 'H', 'HH'];

/**
 * A tag's alarms: limits in LL, L, H, HH order, each strictly above the one before; one of each
 * other family. Crossed limits (H below L) are refused with the pair named.
 */
export const AlarmDefinitionsSchema = z
  .array(AlarmDefinitionSchema)
  .max(8)
  .superRefine((alarms, ctx) => {
    const kinds = alarms.map((alarm) => alarm.kind);
    if (new Set(kinds).size !== kinds.length) {
      ctx.addIssue({ code: 'custom', message: 'each kind of alarm may be set once per tag' });
      return;
    }
    const limits = alarms.filter(isLimitDef).sort(byLimitOrder);
    for (let i = 1; i < limits.length; i++) {
      const [lower, upper] = [limits[i - 1]!, limits[i]!];
      if (!(lower.value < upper.value)) {
        ctx.addIssue({
          code: 'custom',
          message: `limits must be ordered LL < L < H < HH: ${lower.kind} ${lower.value} is not below ${upper.kind} ${upper.value}`,
        });
      }
    }
  })
  .transform((alarms) => [
    ...alarms.filter(isLimitDef).sort(byLimitOrder),
    ...alarms.filter((alarm) => !isLimitDef(alarm)),
  ]);

function byLimitOrder(a: AlarmLimitDef, b: AlarmLimitDef): number {
  return LIMIT_ORDER.indexOf(a.kind) - LIMIT_ORDER.indexOf(b.kind);
}

/** Tags an alarm definition reads besides its own (a setpoint, a suppression condition). */
export function referencedTags(definition: AlarmDefinition): string[] {
  const tags: string[] = [];
  if (definition.kind === 'deviation') tags.push(definition.setpointTag);
  if (definition.suppressWhen) tags.push(definition.suppressWhen.tag);
  return tags;
}

/**
 * Problems a definition set has against what is known of its tag: a deadband wider than the
 * engineering range (the alarm could never clear). Schema-level checks are in the schemas.
 */
export function alarmProblems(
  alarms: readonly AlarmDefinition[],
  engRange: { low: number; high: number } | undefined,
): string[] {
  if (!engRange) return [];
  const span = engRange.high - engRange.low;
  const problems: string[] = [];
  for (const alarm of alarms) {
    if ('deadband' in alarm && alarm.deadband >= span) {
      problems.push(
        `the ${alarm.kind} alarm's deadband ${alarm.deadband} is not smaller than the engineering range (${span}): it could never clear`,
      );
    }
  }
  return problems;
}

/** The id of a tag's alarm of one family: `<tag>#<family>`. */
export function alarmIdOf(tag: string, family: AlarmFamily): string {
  return `${tag}#${family}`;
}

/** `<tag>#<family>` → its parts; null for anything else. */
export function parseAlarmId(id: string): { tag: string; family: AlarmFamily } | null {
  const at = id.lastIndexOf('#');
  if (at <= 0) return null;
  const tag = TagIdSchema.safeParse(id.slice(0, at));
  const family = AlarmFamilySchema.safeParse(id.slice(at + 1));
  return tag.success && family.success ? { tag: tag.data, family: family.data } : null;
}

export const AlarmIdSchema = z
  .string()
  .max(300)
  .refine(
    (id) => parseAlarmId(id) !== null,
    'an alarm id is <tag>#<family>, e.g. line1/pump3/vibration#level',
  );

/** A definition in a few words: `H 12 (±0.5, high)`, `deviation from line1/sp ≥ 3 (±0.5, medium)`. */
export function describeAlarmDefinition(definition: AlarmDefinition): string {
  const tail = `${definition.priority}${definition.latching ? ', latching' : ''}`;
  switch (definition.kind) {
    case 'deviation':
      return `deviation from ${definition.setpointTag} ≥ ${definition.value} (±${definition.deadband}, ${tail})`;
    case 'rateOfChange':
      return `rate of change ≥ ${definition.value}/s (±${definition.deadband}, ${tail})`;
    case 'discrete':
      return `state ${definition.states.map(String).join(' or ')} (${tail})`;
    case 'badQuality':
      return `bad quality or communication loss (${tail})`;
    default:
      return `${definition.kind} ${definition.value} (±${definition.deadband}, ${tail})`;
  }
}
