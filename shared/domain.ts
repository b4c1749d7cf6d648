import { z } from 'zod';
import { DeviceConfigSchema, StaleAfterSourceSchema } from './deviceConfig.js';
import { InferenceHealthSchema } from './inferenceHealth.js';
import { SyncStatusSchema } from './syncStatus.js';

/**
 * The site's data model as it crosses boundaries: site → devices → tags, and samples of
 * (tag, timestamp ms, value, quality). See ../shared/DESIGN.md, "Data model".
 */

/** A tag path such as `line1/pump3/vibration`: slash-separated, no MQTT wildcards. */
export const TagIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^#+/\s][^#+]*$/, 'must be a path like area/device/tag without + or #');
export type TagId = z.infer<typeof TagIdSchema>;

/** Epoch milliseconds, UTC. Bounded so that a wild value cannot become an Invalid Date. */
export const EpochMsSchema = z.number().int().min(0).max(8.64e15);

/** Full 32-bit OPC UA StatusCode (see quality.ts). */
export const QualityCodeSchema = z.number().int().min(0).max(0xffffffff);

/**
 * number and boolean tags are sampled values (booleans as 0/1); an enum tag is an integer with a
 * state table (`states`) that names its values; a string tag carries text, kept as events.
 */
export const TagDataTypeSchema = z.enum(['number', 'boolean', 'enum', 'string']);
export type TagDataType = z.infer<typeof TagDataTypeSchema>;

/**
 * Longest text a string tag keeps, in UTF-16 code units. Longer texts are cut to this length and
 * flagged uncertain at ingest (cause `text.truncated`), so one chatty device cannot bloat history.
 */
export const MAX_TEXT_LENGTH = 1024;
export const TagTextSchema = z.string().max(MAX_TEXT_LENGTH);

/** One state of an enumerated tag: the integer the device sends and what an operator reads. */
export const EnumStateSchema = z.object({ value: z.number().int(), label: z.string().min(1).max(64) });
export type EnumState = z.infer<typeof EnumStateSchema>;
/** Most states one enumerated tag may name. */
export const MAX_STATES = 64;

/** The label of an enum value, or undefined when the state table does not name it. */
export function stateLabel(states: readonly EnumState[] | undefined, value: number): string | undefined {
  return states?.find((state) => state.value === value)?.label;
}

/** Whether two state tables are the same (absent and empty differ, as for limits). */
export function sameStates(
  a: readonly EnumState[] | undefined,
  b: readonly EnumState[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((s, i) => s.value === b[i]?.value && s.label === b[i]?.label);
}

/** What a tag holds now: a number (also booleans and enums), a text (string tags) or nothing usable. */
export const TagCurrentValueSchema = z.union([z.number(), TagTextSchema]).nullable();
export type TagCurrentValue = z.infer<typeof TagCurrentValueSchema>;

/** Alarm limits as ISA-18.2 names them: high-high, high, low, low-low. */
export const AlarmLimitKindSchema = z.enum(['HH', 'H', 'L', 'LL']);
export type AlarmLimitKind = z.infer<typeof AlarmLimitKindSchema>;

export const AlarmLimitSchema = z.object({ kind: AlarmLimitKindSchema, value: z.number() });
export type AlarmLimit = z.infer<typeof AlarmLimitSchema>;

/** Whether two descriptions give the same limits (absent and empty differ: see TagMeta.limits). */
export function sameLimits(
  a: readonly AlarmLimit[] | undefined,
  b: readonly AlarmLimit[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.length === b.length && a.every((limit, i) => limit.kind === b[i]?.kind && limit.value === b[i]?.value)
  );
}

export const TagMetaSchema = z.object({
  id: TagIdSchema,
  device: z.string(),
  name: z.string(),
  description: z.string(),
  unit: z.string(),
  dataType: TagDataTypeSchema,
  engLow: z.number().nullable(),
  engHigh: z.number().nullable(),
  /**
   * Alarm limits in engineering units, from the source's description of the tag (a Sparkplug
   * birth). Absent: the source does not say (a JSON topic); empty: it says there are none.
   * Optional rather than defaulted so that every place that builds a TagMeta stays valid.
   */
  limits: z.array(AlarmLimitSchema).optional(),
  /** An enum tag's state table, in value order; optional for the same reason as `limits`. */
  states: z.array(EnumStateSchema).max(MAX_STATES).optional(),
  /** Digits after the point, when an engineer set them (tags.configure); absent: from the range. */
  decimals: z.number().int().min(0).max(6).optional(),
  /**
   * An engineer may write to it (commands.prepare): its Sparkplug birth says `writable: true`, or
   * an engineer gave it a JSON command definition. Absent: read-only.
   */
  writable: z.literal(true).optional(),
});
export type TagMeta = z.infer<typeof TagMetaSchema>;

/**
 * A tag's current value: a number, or a text for a string tag. `value` is null when nothing
 * usable is known (e.g. waiting for data).
 */
export const TagValueSchema = z.object({
  id: TagIdSchema,
  value: TagCurrentValueSchema,
  quality: QualityCodeSchema,
  ts: EpochMsSchema,
});
export type TagValue = z.infer<typeof TagValueSchema>;

export const TagSchema = TagMetaSchema.extend({
  value: TagCurrentValueSchema,
  quality: QualityCodeSchema,
  ts: EpochMsSchema.nullable(),
});
export type Tag = z.infer<typeof TagSchema>;

export const DeviceSchema = z.object({
  id: z.string(),
  /** The configured area, else the one the device's topic names. */
  area: z.string(),
  /**
   * model: the derived device `models/<id>` whose tags are a model binding's outputs; system:
   * the app's own figures as tags (`system/sync`: the outbox fill, with its alarm).
   */
  protocol: z.enum(['sparkplug', 'json', 'model', 'system']),
  online: z.boolean(),
  lastSeen: EpochMsSchema.nullable(),
  tagCount: z.number().int().min(0),
  /** The id of the broker the device speaks through (see siteConfig.ts). */
  broker: z.string().optional(),
  /** Messages per second over the last minute (or since the device was first seen, if later). */
  messageRate: z.number().min(0),
  /** Values from this device that ingest refused or flagged (wrong type, clock ahead, text cut). */
  errorCount: z.number().int().min(0),
  /** Rebirths requested of the device's edge node (Sparkplug) since start. */
  rebirths: z.number().int().min(0),
  /** Silence after which the device is offline and its tags stale; null: none (Sparkplug without one). */
  staleAfterMs: z.number().int().min(0).nullable(),
  staleAfterSource: StaleAfterSourceSchema,
  /** What an engineer configured on the device; empty when nothing. */
  config: DeviceConfigSchema,
  /** The version of that configuration (0: never configured), for devices.configure's baseVersion. */
  configVersion: z.number().int().min(0),
});
export type Device = z.infer<typeof DeviceSchema>;

/** How a device's protocol reads on screen. */
export const PROTOCOL_LABELS: Readonly<Record<Device['protocol'], string>> = {
  sparkplug: 'Sparkplug B',
  json: 'JSON',
  model: 'Model',
  system: 'Watchkeeper',
};

/**
 * A series for charts, stored column-wise so a client can hand it to uPlot without copying.
 * `value[i]` is null where the sample is bad or missing: charts draw a gap, never a line.
 */
export const SeriesSchema = z
  .object({
    ts: z.array(z.number()),
    value: z.array(z.number().nullable()),
    quality: z.array(QualityCodeSchema),
  })
  .refine((s) => s.ts.length === s.value.length && s.ts.length === s.quality.length, {
    message: 'series columns must have equal lengths',
  });
export type Series = z.infer<typeof SeriesSchema>;

export const HistoryResultSchema = z.object({
  tag: TagIdSchema,
  from: EpochMsSchema,
  to: EpochMsSchema,
  /** raw: every stored sample; m4: first/min/max/last of each of maxPoints/4 time buckets. */
  mode: z.enum(['raw', 'm4']),
  /** In time order; the first point may be the last sample before `from`, which held into the range. */
  points: SeriesSchema,
});
export type HistoryResult = z.infer<typeof HistoryResultSchema>;

/**
 * Aggregates per interval, for reports and long spans. avg, min, max, first and last use the
 * samples whose quality is not bad; twa (time-weighted average) holds each value until the next
 * sample, starting from the last value before the interval; pctGood is the share of the
 * interval's covered time during which quality was good; count counts every sample.
 */
export const AggregateSchema = z.enum(['avg', 'twa', 'min', 'max', 'first', 'last', 'count', 'pctGood']);
export type Aggregate = z.infer<typeof AggregateSchema>;

export const AggregateSeriesSchema = z.object({
  tag: TagIdSchema,
  /** Start of each interval, epoch ms. */
  start: z.array(z.number()),
  values: z.partialRecord(AggregateSchema, z.array(z.number().nullable())),
  /** Worst quality of the samples in each interval (a held value counts for twa and pctGood). */
  quality: z.array(QualityCodeSchema),
});
export type AggregateSeries = z.infer<typeof AggregateSeriesSchema>;

export const AggregatesResultSchema = z.object({
  from: EpochMsSchema,
  to: EpochMsSchema,
  interval: z.number().int().min(1),
  series: z.array(AggregateSeriesSchema),
});
export type AggregatesResult = z.infer<typeof AggregatesResultSchema>;

/** The last value known at a time (a text for a string tag), with its quality; null ts when nothing was known yet. */
export const ValueAtResultSchema = z.object({
  tag: TagIdSchema,
  at: EpochMsSchema,
  ts: EpochMsSchema.nullable(),
  value: TagCurrentValueSchema,
  quality: QualityCodeSchema,
});
export type ValueAtResult = z.infer<typeof ValueAtResultSchema>;

/** One stored change of a string tag: its text (null when bad) and quality at a time. */
export const TagEventSchema = z.object({
  ts: EpochMsSchema,
  text: TagTextSchema.nullable(),
  quality: QualityCodeSchema,
});
export type TagEvent = z.infer<typeof TagEventSchema>;

export const EventOrderSchema = z.enum(['newest', 'oldest']);
export type EventOrder = z.infer<typeof EventOrderSchema>;

export const EventsResultSchema = z.object({
  tag: TagIdSchema,
  from: EpochMsSchema,
  to: EpochMsSchema,
  order: EventOrderSchema,
  events: z.array(TagEventSchema),
  /** True when more events lie in the range than `limit` let through. */
  more: z.boolean(),
});
export type EventsResult = z.infer<typeof EventsResultSchema>;

export const LinkStateSchema = z.enum(['connecting', 'connected', 'disconnected', 'error']);
export type LinkState = z.infer<typeof LinkStateSchema>;

const BrokerHealthSchema = z.object({
  /** Without a password, ever (see redact in brokerLink.ts). */
  url: z.string(),
  embedded: z.boolean(),
  state: LinkStateSchema,
  since: EpochMsSchema,
  lastError: z.string().nullable(),
  /** Connection attempts refused or failed, and links lost, since start. */
  failures: z.number().int().min(0),
});

/** One broker link of several: its own state, last error, failures and traffic. */
export const LinkHealthSchema = BrokerHealthSchema.extend({
  id: z.string(),
  name: z.string(),
  mqttVersion: z.union([z.literal(4), z.literal(5)]),
  tls: z.boolean(),
  /** Messages received on this link since start. */
  messages: z.number().int().min(0),
  /** When the next connection attempt is due, while waiting out a backoff. */
  nextAttemptAt: EpochMsSchema.nullable(),
  /** The Sparkplug host id whose STATE this link keeps, if any. */
  hostId: z.string().nullable(),
});
export type LinkHealth = z.infer<typeof LinkHealthSchema>;

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'error']),
  version: z.string(),
  uptimeMs: z.number(),
  demo: z.boolean(),
  /** The first broker link, as servers before several brokers reported it; `links` has them all. */
  broker: BrokerHealthSchema,
  /** Every broker link; absent from servers that had only one. */
  links: z.array(LinkHealthSchema).optional(),
  historian: z.object({
    state: z.enum(['starting', 'ok', 'error', 'stopped']),
    samplesWritten: z.number(),
    backlog: z.number(),
    lastError: z.string().nullable(),
    /** The file against its size cap; null until the worker first reports. */
    storage: z
      .object({
        usedBytes: z.number(),
        maxBytes: z.number().nullable(),
        oldestRawTs: EpochMsSchema.nullable(),
        /** Set from the cap's warning share on: what will happen and what to do about it. */
        warning: z.string().nullable(),
      })
      .nullable()
      .default(null),
  }),
  ingest: z.object({
    messages: z.number(),
    samples: z.number(),
    /** Rejected input, counted per cause (e.g. `json.invalid`, `topic.unmapped`). */
    errors: z.record(z.string(), z.number()),
    errorTotal: z.number(),
    lastError: z.string().nullable(),
  }),
  /** Model runtime and bindings; absent from servers without inference. */
  inference: InferenceHealthSchema.optional(),
  /** Cloud sync: link, backlog, outbox fill; absent from servers without it. */
  sync: SyncStatusSchema.optional(),
});
export type Health = z.infer<typeof HealthSchema>;
