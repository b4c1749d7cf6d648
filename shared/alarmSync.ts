import { z } from 'zod';
import { AlarmIdSchema } from './alarmDefinitions.js';
import { AlarmActionSchema, type AlarmAction } from './alarms.js';
import { EpochMsSchema } from './domain.js';

/**
 * What stations of one site send each other over the site broker to keep their alarms' operator
 * overlays alike (protocol and conflict rules: electron/alarms/sync/). Every message is JSON and
 * parsed with these schemas; anything else is counted and dropped.
 */

/** Version of the messages; also the `v1` level of their topics. */
export const ALARM_SYNC_VERSION = 1;
/**
 * Larger messages are neither sent nor read. A state message is usually under 2 kB; the largest
 * valid one (four registers, each with a 500-character comment of escaped characters) is ~25 kB.
 */
export const MAX_ALARM_SYNC_PAYLOAD = 64 * 1024;

/** A station's name: in journal lines, in topics and as the tie-break of the order of actions. */
export const StationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a station id is 1–64 letters, digits, dots, dashes or underscores');
/** A site's name: the namespace of its stations' topics. */
export const SiteIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'a site id is 1–64 letters, digits, dots, dashes or underscores');

/**
 * A hybrid logical clock reading (Kulkarni et al., 2014): wall-clock milliseconds that never go
 * back, a counter for events within one of them, and the station that made it. Stamps order
 * every action of the site totally: by `ms`, then `n`, then `station`.
 */
export const HlcStampSchema = z.object({
  ms: EpochMsSchema,
  n: z.number().int().min(0).max(0xffff_ffff),
  station: StationIdSchema,
});
export type HlcStamp = z.infer<typeof HlcStampSchema>;

/** An action with the stamp its station gave it: its identity and its place in the order. */
export const StampedActionSchema = z
  .object({ stamp: HlcStampSchema, action: AlarmActionSchema })
  .refine((s) => s.stamp.station === s.action.by.station, {
    message: 'an action is stamped by the station that did it',
    path: ['stamp', 'station'],
  });
export type StampedAction = z.infer<typeof StampedActionSchema>;

/** The overlay registers of one alarm; which action types each may hold. */
export const REGISTER_TYPES = {
  ack: ['acknowledge'],
  shelve: ['shelve', 'unshelve'],
  service: ['outOfService', 'returnToService'],
  reset: ['reset'],
} as const satisfies Record<string, readonly AlarmAction['type'][]>;
export type RegisterName = keyof typeof REGISTER_TYPES;
export const REGISTER_NAMES = Object.keys(REGISTER_TYPES) as RegisterName[];

/** One operator action, sent once (QoS 1, not retained) on `…/<site>/action/<station>`. */
export const AlarmSyncActionMessageSchema = z
  .object({
    v: z.literal(ALARM_SYNC_VERSION),
    kind: z.literal('action'),
    site: SiteIdSchema,
    station: StationIdSchema,
    stamp: HlcStampSchema,
    action: AlarmActionSchema,
  })
  .refine((m) => m.station === m.stamp.station && m.station === m.action.by.station, {
    message: 'the sender, the stamp and the actor name one station',
    path: ['station'],
  });
export type AlarmSyncActionMessage = z.infer<typeof AlarmSyncActionMessageSchema>;

const Register = StampedActionSchema.nullable();

/**
 * An alarm's overlay as the site knows it: per register, the action that holds it by the
 * conflict rules. Retained on `…/<site>/state/<alarm id, encoded>`, so a station that starts
 * later or was cut off converges. `station` is the one that published this copy.
 */
export const AlarmSyncStateMessageSchema = z
  .object({
    v: z.literal(ALARM_SYNC_VERSION),
    kind: z.literal('state'),
    site: SiteIdSchema,
    station: StationIdSchema,
    alarm: AlarmIdSchema,
    ack: Register,
    shelve: Register,
    service: Register,
    reset: Register,
  })
  .superRefine((m, ctx) => {
    for (const name of REGISTER_NAMES) {
      const held = m[name];
      if (!held) continue;
      const allowed: readonly string[] = REGISTER_TYPES[name];
      if (held.action.alarm !== m.alarm || !allowed.includes(held.action.type))
        ctx.addIssue({ code: 'custom', path: [name], message: `not a ${name} action of ${m.alarm}` });
    }
  });
export type AlarmSyncStateMessage = z.infer<typeof AlarmSyncStateMessageSchema>;

export const AlarmSyncMessageSchema = z.discriminatedUnion('kind', [
  AlarmSyncActionMessageSchema,
  AlarmSyncStateMessageSchema,
]);
export type AlarmSyncMessage = z.infer<typeof AlarmSyncMessageSchema>;
