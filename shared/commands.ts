import { z } from 'zod';
import { EpochMsSchema, QualityCodeSchema, TagCurrentValueSchema, TagIdSchema } from './domain.js';

/**
 * Commands: an engineer writing a value to a device (Sparkplug NCMD/DCMD or a JSON command
 * topic). Two steps, so nothing is sent that was not seen: `commands.prepare` answers what would
 * be sent where (a confirmation with a one-time token), `commands.send` sends exactly that.
 * Every command is journaled in config.db before it is published.
 */

/** A value to write: a number, true/false or a text, checked against the target's datatype. */
export const WriteValueSchema = z.union([z.number(), z.boolean(), z.string().max(1024)]);
export type WriteValue = z.infer<typeof WriteValueSchema>;

/** How long an MQTT 5 command may wait in the broker before it is dropped, by default. */
export const DEFAULT_EXPIRY_SECONDS = 10;
/** How long the device has to report the new value before the command is "timed out", by default. */
export const DEFAULT_ECHO_TIMEOUT_MS = 10_000;
/** How long a confirmation's token may be used. */
export const TOKEN_LIFETIME_MS = 30_000;

/** A datatype a JSON command carries its value as. */
export const JsonCommandTypeSchema = z.enum(['Double', 'Int64', 'Boolean', 'String']);

/**
 * How to write a plain-JSON tag, configured by an engineer on the tag (tags.configure): the
 * template is published whole with the value put at `valuePath` (`$.value`, `$.args[0].sp`), so
 * other fields the device expects are kept; whole-string placeholders `{{value}}`, `{{tag}}`,
 * `{{user}}`, `{{ts}}` and `{{time}}` are filled in.
 */
export const JsonCommandDefSchema = z
  .object({
    topic: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[^+#\0]+$/, 'a command topic has no + or # in it'),
    template: z
      .json()
      .refine((template) => JSON.stringify(template).length <= 8192, 'a template is at most 8 KiB of JSON'),
    valuePath: z.string().min(1).max(200).regex(/^\$/, 'a value path starts with $, e.g. $.value'),
    datatype: JsonCommandTypeSchema.default('Double'),
    /** MQTT 5: seconds the broker may hold the command before dropping it. */
    expirySeconds: z.number().int().min(1).max(3600).default(DEFAULT_EXPIRY_SECONDS),
    /** How long the device has to report the new value. */
    timeoutMs: z.number().int().min(500).max(600_000).default(DEFAULT_ECHO_TIMEOUT_MS),
  })
  .strict();
export type JsonCommandDef = z.infer<typeof JsonCommandDefSchema>;

/** Where a command goes: resolved when it is prepared, checked again when it is sent. */
export const CommandTargetSchema = z.object({
  kind: z.enum(['sparkplug', 'json']),
  broker: z.string(),
  topic: z.string(),
  /** The Sparkplug metric name (never an alias); for JSON, the value path in the template. */
  metric: z.string(),
  datatype: z.string(),
});
export type CommandTarget = z.infer<typeof CommandTargetSchema>;

/** What `commands.prepare` answers: everything the engineer confirms, and a token to send it. */
export const CommandConfirmationSchema = z.object({
  token: z.string(),
  tokenExpiresAt: EpochMsSchema,
  tag: TagIdSchema,
  target: CommandTargetSchema,
  currentValue: TagCurrentValueSchema,
  currentQuality: QualityCodeSchema,
  /** The value as it will be sent (1 for a Boolean's true is sent as true). */
  newValue: WriteValueSchema,
  mqttVersion: z.union([z.literal(4), z.literal(5)]),
  /** Null on MQTT 3.1.1: nothing queues instead, a command is refused while the link is down. */
  messageExpirySeconds: z.number().int().min(1).nullable(),
  timeoutMs: z.number().int().min(1),
});
export type CommandConfirmation = z.infer<typeof CommandConfirmationSchema>;

/**
 * A command's life: `sending` (journaled, not yet published — left so by a crash), `sent`,
 * then `echoed` (the device reported the new value) or `timedOut`; `refused` (never published).
 */
export const CommandOutcomeSchema = z.enum(['sending', 'sent', 'echoed', 'timedOut', 'refused']);
export type CommandOutcome = z.infer<typeof CommandOutcomeSchema>;

export const CommandRecordSchema = z.object({
  id: z.number().int().min(1),
  user: z.string(),
  requestedAt: EpochMsSchema,
  tag: TagIdSchema,
  target: CommandTargetSchema,
  oldValue: TagCurrentValueSchema,
  newValue: WriteValueSchema,
  outcome: CommandOutcomeSchema,
  outcomeAt: EpochMsSchema,
  /** Why it was refused, what the device reported; empty when there is nothing to add. */
  detail: z.string(),
});
export type CommandRecord = z.infer<typeof CommandRecordSchema>;

/** Most journal records one call returns. */
export const MAX_COMMAND_RECORDS = 500;
