import { z } from 'zod';
import {
  AlarmFamilySchema,
  AlarmIdSchema,
  AlarmPrioritySchema,
  MAX_ALARM_DELAY_MS,
} from './alarmDefinitions.js';
import {
  AlarmLimitKindSchema,
  EpochMsSchema,
  QualityCodeSchema,
  TagCurrentValueSchema,
  TagIdSchema,
} from './domain.js';

/**
 * Alarms as they run (../shared/reference/alarms.md): the state of each alarm, the operator's
 * actions on it, its journal and the performance report. Definitions are in alarmDefinitions.ts.
 *
 * State is kept as flags (active, acknowledged, latched, shelved, suppressed, out of service) and
 * the ISA-18.2 state is derived from them, never stored on its own.
 */

export const MAX_COMMENT = 500;
/** Most alarms one action may name: "acknowledge all visible" on a full list. */
export const MAX_ALARMS_PER_ACTION = 5_000;

/** The ISA-18.2 alarm state derived from `active`, `acknowledged` and `latched`. */
export const AlarmConditionStateSchema = z.enum(['normal', 'unacked', 'acked', 'rtnUnacked', 'latched']);
export type AlarmConditionState = z.infer<typeof AlarmConditionStateSchema>;

/**
 * What a journal line's from/to names: the condition state, or the overlay that hides it from
 * annunciation (shelved, suppressed by design, out of service).
 */
export const AlarmJournalStateSchema = z.enum([
  'normal',
  'unacked',
  'acked',
  'rtnUnacked',
  'latched',
  'shelved',
  'suppressed',
  'outOfService',
]);
export type AlarmJournalState = z.infer<typeof AlarmJournalStateSchema>;

export const ShelveModeSchema = z.enum(['timed', 'oneShot']);
export type ShelveMode = z.infer<typeof ShelveModeSchema>;

const Comment = z.string().trim().max(MAX_COMMENT, `a comment has at most ${MAX_COMMENT} characters`);
/** A reason is a comment that must say something. */
const Reason = Comment.min(1, 'give a reason');

/** Who did an operator action, when, why, and on which station. */
export const AlarmActorSchema = z.object({
  user: z.string().max(200),
  station: z.string().max(200),
  atMs: EpochMsSchema,
  comment: Comment,
});
export type AlarmActor = z.infer<typeof AlarmActorSchema>;

export const AlarmShelveSchema = AlarmActorSchema.extend({
  mode: ShelveModeSchema,
  /** Timed: when it unshelves by itself; one-shot: null (until the alarm next returns to normal). */
  untilMs: EpochMsSchema.nullable(),
});
export type AlarmShelve = z.infer<typeof AlarmShelveSchema>;

/** One alarm as the list, the banner and the API show it. */
export const AlarmSchema = z.object({
  id: AlarmIdSchema,
  tag: TagIdSchema,
  family: AlarmFamilySchema,
  area: z.string(),
  /** The priority now: a limit alarm's is its current level's. */
  priority: AlarmPrioritySchema,
  message: z.string(),
  /** Limit alarms: the level in force (or last in force while latched / returned); else null. */
  level: AlarmLimitKindSchema.nullable(),
  state: AlarmConditionStateSchema,
  /** The condition holds now (after on/off delays). Ack never changes it. */
  active: z.boolean(),
  acknowledged: z.boolean(),
  /**
   * A latching alarm that has been active since its last reset: it holds (state `latched`) after
   * its condition clears, until an operator resets it. Kept as a flag because an active alarm's
   * state does not show it.
   */
  latched: z.boolean(),
  shelved: AlarmShelveSchema.nullable(),
  /** Suppressed by design: its suppression condition holds. */
  suppressed: z.boolean(),
  outOfService: AlarmActorSchema.nullable(),
  /** The limit alarm is frozen: its tag's value is bad or stale, so it is not evaluated. */
  frozen: z.boolean(),
  /** When the current (or last) activation began; null if it never was active. */
  activeSinceMs: EpochMsSchema.nullable(),
  /** When anything about it last changed. */
  changedMs: EpochMsSchema,
  /** The value and quality that caused the last transition. */
  value: TagCurrentValueSchema,
  quality: QualityCodeSchema,
  /** The threshold that the value crossed (limit, deviation, rate), if any. */
  limit: z.number().nullable(),
  unit: z.string().optional(),
  acknowledgedBy: AlarmActorSchema.nullable(),
  /** Increases with every change; stations use it to tell newer from older. */
  revision: z.number().int().min(0),
});
export type Alarm = z.infer<typeof AlarmSchema>;

/** Whether an alarm is shown to the operator as needing attention (not hidden by an overlay). */
export function isAnnunciated(
  alarm: Pick<Alarm, 'state' | 'shelved' | 'suppressed' | 'outOfService'>,
): boolean {
  return alarm.state !== 'normal' && !alarm.shelved && !alarm.suppressed && !alarm.outOfService;
}

/** What caused a journal line. */
export const AlarmTriggerSchema = z.enum([
  'activated',
  'escalated',
  'levelChanged',
  'cleared',
  'reAlarm',
  'frozen',
  'unfrozen',
  'acknowledged',
  'shelved',
  'unshelved',
  'shelveExpired',
  'suppressed',
  'unsuppressed',
  'outOfService',
  'returnedToService',
  'reset',
  'note',
  'restored',
  'definitionChanged',
  'definitionRemoved',
]);
export type AlarmTrigger = z.infer<typeof AlarmTriggerSchema>;

/** One line of the alarm journal (config.db, durable). */
export const AlarmJournalEntrySchema = z.object({
  /** Ascending in the order lines were written. */
  seq: z.number().int().min(1),
  ts: EpochMsSchema,
  alarm: AlarmIdSchema,
  tag: TagIdSchema,
  area: z.string(),
  priority: AlarmPrioritySchema,
  message: z.string(),
  from: AlarmJournalStateSchema,
  to: AlarmJournalStateSchema,
  trigger: AlarmTriggerSchema,
  /** Operator actions: who; transitions of the condition: null. */
  user: z.string().nullable(),
  /** The station the action or transition happened on. */
  station: z.string(),
  comment: z.string(),
  value: TagCurrentValueSchema,
  quality: QualityCodeSchema,
  /** Limit alarms: the level involved. */
  level: AlarmLimitKindSchema.nullable(),
});
export type AlarmJournalEntry = z.infer<typeof AlarmJournalEntrySchema>;

/** The journal's filters, shared by the contract method, HTTP query and CSV export. */
export const AlarmJournalFilterSchema = z
  .object({
    from: EpochMsSchema,
    to: EpochMsSchema,
    tag: z.string().max(256).optional(),
    area: z.string().max(200).optional(),
    priority: z.array(AlarmPrioritySchema).max(4).optional(),
    /** Lines whose `to` is one of these. */
    state: z.array(AlarmJournalStateSchema).max(8).optional(),
    trigger: z.array(AlarmTriggerSchema).max(20).optional(),
    user: z.string().max(200).optional(),
    /** Case-insensitive substring of message, comment, alarm id or user. */
    text: z.string().max(200).optional(),
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] });
export type AlarmJournalFilter = z.infer<typeof AlarmJournalFilterSchema>;

/** Why an action on one alarm was not carried out (OPC UA Part 9 names where they exist). */
export const AlarmRefusalSchema = z.enum([
  'NOT_FOUND',
  'COMMENT_REQUIRED',
  'ALREADY_ACKED',
  'ALREADY_SHELVED',
  'NOT_SHELVED',
  'SHELVING_TIME_OUT_OF_RANGE',
  'NOT_SHELVABLE',
  'ALREADY_OUT_OF_SERVICE',
  'NOT_OUT_OF_SERVICE',
  'NOT_LATCHED',
  'STILL_ACTIVE',
]);
export type AlarmRefusal = z.infer<typeof AlarmRefusalSchema>;

/** The outcome of an action, per alarm named: done, or refused with a reason in words. */
export const AlarmActionResultSchema = z.object({
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({ id: z.string(), ok: z.literal(true), alarm: AlarmSchema }),
      z.object({ id: z.string(), ok: z.literal(false), code: AlarmRefusalSchema, message: z.string() }),
    ]),
  ),
});
export type AlarmActionResult = z.infer<typeof AlarmActionResultSchema>;

const Ids = z.array(AlarmIdSchema).min(1).max(MAX_ALARMS_PER_ACTION);

export const AckParamsSchema = z.object({ ids: Ids, comment: Comment.default('') }).strict();
export const ShelveParamsSchema = z
  .object({
    ids: Ids,
    mode: ShelveModeSchema,
    /** Timed: how long, at most the priority's maximum (settings). */
    durationMs: z
      .number()
      .int()
      .min(60_000, 'shelve for at least a minute')
      .max(MAX_ALARM_DELAY_MS * 30)
      .optional(),
    reason: Reason,
  })
  .strict()
  .refine((p) => p.mode !== 'timed' || p.durationMs !== undefined, {
    message: 'a timed shelve needs a duration',
    path: ['durationMs'],
  });
export const UnshelveParamsSchema = z.object({ ids: Ids, comment: Comment.default('') }).strict();
export const OutOfServiceParamsSchema = z.object({ ids: Ids, reason: Reason }).strict();
export const ReturnToServiceParamsSchema = z.object({ ids: Ids, comment: Comment.default('') }).strict();
export const ResetParamsSchema = z.object({ ids: Ids, comment: Comment.default('') }).strict();
export const NoteParamsSchema = z.object({ id: AlarmIdSchema, comment: Reason }).strict();

/**
 * An operator action as it travels between stations over the site broker (see
 * electron/alarms/sync/). Each station applies it to its own engine and journals it once.
 */
export const AlarmActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('acknowledge'),
    alarm: AlarmIdSchema,
    by: AlarmActorSchema,
    activeSinceMs: EpochMsSchema.nullable(),
    /** A limit alarm's level when acknowledged: an ack does not cover a later escalation. */
    level: AlarmLimitKindSchema.nullable().optional(),
  }),
  z.object({
    type: z.literal('shelve'),
    alarm: AlarmIdSchema,
    by: AlarmActorSchema,
    mode: ShelveModeSchema,
    untilMs: EpochMsSchema.nullable(),
  }),
  z.object({ type: z.literal('unshelve'), alarm: AlarmIdSchema, by: AlarmActorSchema }),
  z.object({ type: z.literal('outOfService'), alarm: AlarmIdSchema, by: AlarmActorSchema }),
  z.object({ type: z.literal('returnToService'), alarm: AlarmIdSchema, by: AlarmActorSchema }),
  z.object({ type: z.literal('reset'), alarm: AlarmIdSchema, by: AlarmActorSchema }),
  z.object({ type: z.literal('note'), alarm: AlarmIdSchema, by: AlarmActorSchema }),
]);
export type AlarmAction = z.infer<typeof AlarmActionSchema>;

const perPriority = <T extends z.ZodType>(value: T) =>
  z.object({ low: value, medium: value, high: value, critical: value }).strict();

/** Site-wide alarm settings (engineer): what the reference leaves to each site. */
export const AlarmSettingsSchema = z
  .object({
    /** An acknowledgement must carry a comment, per priority. */
    ackCommentRequired: perPriority(z.boolean()),
    /** Longest timed shelve per priority; null: that priority may not be shelved at all. */
    maxShelveMs: perPriority(
      z
        .number()
        .int()
        .min(60_000)
        .max(MAX_ALARM_DELAY_MS * 30)
        .nullable(),
    ),
    /** Journal lines older than this are deleted (days). */
    journalRetentionDays: z.number().int().min(1).max(36_500),
  })
  .strict();
export type AlarmSettings = z.infer<typeof AlarmSettingsSchema>;

export const DEFAULT_ALARM_SETTINGS: AlarmSettings = {
  ackCommentRequired: { low: false, medium: false, high: false, critical: true },
  maxShelveMs: { low: 7 * 86_400_000, medium: 86_400_000, high: 8 * 3_600_000, critical: null },
  journalRetentionDays: 3 * 365,
};

/** Counts by priority of what the banner shows. */
export const AlarmCountsSchema = perPriority(
  z.object({ unacked: z.number().int().min(0), total: z.number().int().min(0) }),
);

/** The ISA-18.2 / EEMUA 191 performance report over a period (alarms.md, "Performance KPIs"). */
export const AlarmKpiReportSchema = z.object({
  from: EpochMsSchema,
  to: EpochMsSchema,
  /** Annunciated activations (not shelved, suppressed or out of service when raised). */
  annunciated: z.number().int().min(0),
  perDay: z.object({ average: z.number(), max: z.number(), target: z.number(), manageable: z.number() }),
  perHour: z.object({ average: z.number(), max: z.number(), target: z.number(), manageable: z.number() }),
  per10Min: z.object({ average: z.number(), max: z.number(), target: z.number(), manageable: z.number() }),
  /** Activations per 10-minute period, oldest first, for the plot. */
  per10MinSeries: z.object({ start: z.array(EpochMsSchema), count: z.array(z.number().int().min(0)) }),
  flood: z.object({
    /** Share of 10-minute periods with more than 10 activations, in %. */
    percentOfPeriods: z.number(),
    percentOfTime: z.number(),
    episodes: z.array(
      z.object({
        startMs: EpochMsSchema,
        endMs: EpochMsSchema,
        alarms: z.number().int(),
        peak10Min: z.number().int(),
      }),
    ),
  }),
  badActors: z.array(
    z.object({
      alarm: AlarmIdSchema,
      message: z.string(),
      priority: AlarmPrioritySchema,
      count: z.number().int(),
      percent: z.number(),
    }),
  ),
  /** Share of all activations that the top ten alarms make, in %. */
  topTenPercent: z.number(),
  chattering: z.array(
    z.object({
      alarm: AlarmIdSchema,
      message: z.string(),
      episodes: z.number().int(),
      maxPerMinute: z.number().int(),
    }),
  ),
  /** Active for less than a few seconds (alarm then clear). */
  fleeting: z.array(z.object({ alarm: AlarmIdSchema, message: z.string(), count: z.number().int() })),
  /** Alarms active for more than 24 h within the period, and the most on any day. */
  stale: z.object({
    alarms: z.array(z.object({ alarm: AlarmIdSchema, message: z.string(), activeMs: z.number() })),
    maxOnAnyDay: z.number().int(),
  }),
  priorityDistribution: perPriority(
    z.object({ count: z.number().int(), percent: z.number(), targetPercent: z.number() }),
  ),
  shelving: z.object({
    shelves: z.number().int(),
    distinctAlarms: z.number().int(),
    averageShelvedMs: z.number(),
    expired: z.number().int(),
    topShelved: z.array(z.object({ alarm: AlarmIdSchema, count: z.number().int() })),
  }),
});
export type AlarmKpiReport = z.infer<typeof AlarmKpiReportSchema>;
