import { z } from 'zod';
import { JsonCommandDefSchema } from './commands.js';
import { DeviceConfigSchema } from './deviceConfig.js';
import { AlarmDefinitionsSchema, isLimitDef, type AlarmDefinition } from './alarmDefinitions.js';
import { EpochMsSchema, type AlarmLimit } from './domain.js';

/**
 * What an engineer configures on a tag or a device, on top of what the device itself describes
 * (a Sparkplug birth, a JSON mapping). A field that is absent is not configured: the tag follows
 * its device there. A field that is present wins over every later birth, until it is removed.
 * Every change is kept as a version (who, when, before and after) in config.db.
 */

export const MAX_DESCRIPTION = 200;
export const MAX_UNIT = 24;
/** Most digits after the point a tag may be shown with. */
export const MAX_DECIMALS = 6;

/** zod 4's numbers are finite already; the message says so in words an engineer reads. */
const finite = z.number({ error: 'must be a finite number' });

export const EngRangeSchema = z
  .object({ low: finite, high: finite })
  .strict()
  .refine((range) => range.low < range.high, {
    message: 'the engineering range needs low below high',
    path: ['high'],
  });

/** A tag's configured fields; see the top of this file for what absent means. */
export const TagConfigSchema = z
  .object({
    description: z.string().trim().max(MAX_DESCRIPTION, `at most ${MAX_DESCRIPTION} characters`).optional(),
    unit: z.string().trim().max(MAX_UNIT, `a unit has at most ${MAX_UNIT} characters`).optional(),
    engRange: EngRangeSchema.optional(),
    /** Digits after the point wherever the value is shown. */
    decimals: z.number().int().min(0).max(MAX_DECIMALS).optional(),
    /** Archive deadband in engineering units: the historian drops changes smaller than this. */
    storageDeadband: finite.positive('a storage deadband is above zero').optional(),
    alarms: AlarmDefinitionsSchema.optional(),
    /** How to write a plain-JSON tag (Sparkplug tags are written by metric, needing none). */
    command: JsonCommandDefSchema.optional(),
  })
  .strict();
export type TagConfig = z.infer<typeof TagConfigSchema>;

/** One stored change of a tag's or device's configuration. `before` is null for the first. */
export const configVersionSchema = <T extends z.ZodType>(config: T) =>
  z.object({
    version: z.number().int().min(1),
    changedMs: EpochMsSchema,
    changedBy: z.string(),
    before: config.nullable(),
    after: config,
  });
export const TagConfigVersionSchema = configVersionSchema(TagConfigSchema);
export type TagConfigVersion = z.infer<typeof TagConfigVersionSchema>;
export const DeviceConfigVersionSchema = configVersionSchema(DeviceConfigSchema);
export type DeviceConfigVersion = z.infer<typeof DeviceConfigVersionSchema>;

/** The limits a chart draws: the configured alarms' kinds and values. */
export function limitsOf(alarms: readonly AlarmDefinition[]): AlarmLimit[] {
  return alarms.filter(isLimitDef).map(({ kind, value }) => ({ kind, value }));
}
