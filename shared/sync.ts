import { z } from 'zod';
import { AlarmJournalEntrySchema } from './alarms.js';
import { SiteIdSchema } from './alarmSync.js';
import { CommandRecordSchema } from './commands.js';
import { EpochMsSchema, TagIdSchema } from './domain.js';
import { BrokerConfigSchema } from './siteConfig.js';
import { SiteConfigFileSchema } from './siteConfigFile.js';
import { SyncStreamSchema } from './syncStatus.js';

export {
  SYNC_STREAMS,
  SYNC_STREAM_NAMES,
  METERED_STREAMS,
  SyncStreamSchema,
  SyncLinkStateSchema,
  StreamBacklogSchema,
  SyncStatusSchema,
  laneOf,
  type SyncStream,
  type SyncLane,
  type SyncLinkState,
  type StreamBacklog,
  type SyncStatus,
} from './syncStatus.js';

/**
 * Cloud sync: what the site sends up to the cloud broker and what it takes down from it
 * (protocol and wire format: README "Cloud sync"; code: electron/sync/). Everything bound
 * upward is committed to the outbox in config.db first and sealed there into numbered,
 * gzip-compressed batches per stream; a batch leaves the send queue only after the broker's
 * PUBACK. A receiver de-duplicates by (site, outbox, stream, seq) and sees gaps as missing seqs.
 */

/** Version of the wire format; also the `v1` level of the topics. */
export const SYNC_WIRE_VERSION = 1;

/** A batch holds at most this many records and this many bytes of JSON lines before gzip. */
export const MAX_BATCH_RECORDS = 2_000;
export const MAX_BATCH_RAW_BYTES = 512 * 1024;
/** Compressed batches stay under AWS IoT Core's 128 KiB message limit. */
export const MAX_BATCH_WIRE_BYTES = 120 * 1024;
/** A downward message larger than this is refused unread. */
export const MAX_DOWN_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * First line of every batch. `outbox` is a random id made when the outbox was created: a
 * config.db started afresh (a damaged file set aside) begins a new sequence space rather than
 * reusing seqs the receiver has already seen.
 */
export const BatchHeaderSchema = z
  .object({
    v: z.literal(SYNC_WIRE_VERSION),
    site: SiteIdSchema,
    station: z.string().min(1).max(64),
    outbox: z.string().regex(/^[0-9a-f]{16}$/),
    stream: SyncStreamSchema,
    seq: z.number().int().min(1),
    count: z.number().int().min(1).max(MAX_BATCH_RECORDS),
    /** Event times of the first and last record. */
    firstAtMs: EpochMsSchema,
    lastAtMs: EpochMsSchema,
  })
  .strict();
export type BatchHeader = z.infer<typeof BatchHeaderSchema>;

/** Every record line has its event time; the rest depends on the stream (schemas below). */
export const SyncRecordBaseSchema = z.object({ at: EpochMsSchema });

/** Alarm and command records are the journal entries as the site's API returns them, plus `at`. */
export const AlarmRecordSchema = AlarmJournalEntrySchema.extend({ at: EpochMsSchema });
export const CommandRecordLineSchema = CommandRecordSchema.extend({ at: EpochMsSchema });

export const RollupRecordSchema = SyncRecordBaseSchema.extend({
  tag: TagIdSchema,
  /** The interval [at, at + resMs). */
  resMs: z.number().int().min(1_000),
  count: z.number().int().min(0),
  /** Null when the interval held no good numeric sample. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  last: z.number().nullable(),
  /** Share of the interval's samples with good quality, 0–1. */
  good: z.number().min(0).max(1),
}).strict();
export type RollupRecord = z.infer<typeof RollupRecordSchema>;

export const SampleRecordSchema = SyncRecordBaseSchema.extend({
  tag: TagIdSchema,
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  quality: z.enum(['good', 'uncertain', 'bad']),
}).strict();
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

export const DeviceRecordSchema = SyncRecordBaseSchema.extend({
  device: z.string().min(1),
  state: z.string().min(1),
  previous: z.string().nullable(),
}).strict();
export type DeviceRecord = z.infer<typeof DeviceRecordSchema>;

export const AuditRecordSchema = SyncRecordBaseSchema.extend({
  by: z.string(),
  /** e.g. `tag`, `device`, `mappings`, `binding`, `alarmSettings`, `brokers`, `sync`, `outbox.drop`. */
  what: z.string().min(1).max(64),
  id: z.string().nullable(),
  version: z.number().int().nullable(),
  summary: z.string().max(2_000),
  /** outbox.drop only: which batches were dropped, so the receiver can tell a drop from a loss. */
  dropped: z
    .object({
      stream: SyncStreamSchema,
      fromSeq: z.number().int(),
      toSeq: z.number().int(),
      records: z.number().int(),
    })
    .optional(),
}).strict();
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const HeartbeatRecordSchema = SyncRecordBaseSchema.extend({
  station: z.string(),
  version: z.string(),
  uptimeMs: z.number(),
  status: z.enum(['ok', 'degraded', 'error']),
  /** Summary figures for the cloud's fleet view; free-form numbers by name. */
  figures: z.record(z.string(), z.number()),
}).strict();
export type HeartbeatRecord = z.infer<typeof HeartbeatRecordSchema>;

export const ConfigResultRecordSchema = SyncRecordBaseSchema.extend({
  /** The downward document's id. */
  id: z.string(),
  by: z.string(),
  outcome: z.enum(['applied', 'rejected', 'unchanged']),
  /** Why it was rejected (every problem), or warnings when applied. */
  problems: z.array(z.string()),
  /** What changed, one line per item (e.g. `tag area1/pump3/temp: changed`). */
  changes: z.array(z.string()),
}).strict();
export type ConfigResultRecord = z.infer<typeof ConfigResultRecordSchema>;

/**
 * A site configuration document sent down on `watchkeeper/v1/<site>/down/config` (QoS 1, not
 * retained; the persistent session queues it while the site is offline). The conflict rule:
 * `basedOnMs` is the time of the site configuration it was edited from (the cloud knows it from
 * the audit stream). If anything the document would change was changed on site after it, the
 * whole document is rejected and the items named; null applies over local changes. A document
 * applies whole or not at all. The result goes up on the `config` stream.
 */
export const DownConfigMessageSchema = z
  .object({
    v: z.literal(SYNC_WIRE_VERSION),
    kind: z.literal('siteConfig'),
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/),
    by: z.string().min(1).max(200),
    sentAtMs: EpochMsSchema,
    basedOnMs: EpochMsSchema.nullable(),
    document: SiteConfigFileSchema,
  })
  .strict();
export type DownConfigMessage = z.infer<typeof DownConfigMessageSchema>;

/** What and how the site syncs; versioned in config.db, edited on the Sync screen (engineer). */
export const SyncSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The cloud broker (its password, if any, in the credential store under `passwordSecret`). */
    cloud: BrokerConfigSchema.nullable().default(null),
    /** First topic level(s): `<prefix>/v1/<site>/…`. */
    topicPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/)
      .default('watchkeeper'),
    /** Backfill bandwidth in bytes/s on the wire; null: as fast as the link takes it. */
    backfillBytesPerSecond: z.number().int().min(1_000).nullable().default(null),
    /** A metered link: only the live lane and hourly rollups go; the rest waits. */
    metered: z.boolean().default(false),
    rollupSeconds: z.number().int().min(10).max(3_600).default(60),
    /** Tags with rollups: id prefixes (`area1/`), `*` for all. */
    rollupTags: z.array(z.string().min(1)).max(1_000).default(['*']),
    /** Tags whose raw samples go up: id prefixes, `*` for all. */
    rawTags: z.array(z.string().min(1)).max(1_000).default([]),
    modelOutputs: z.boolean().default(true),
    heartbeatSeconds: z.number().int().min(5).max(3_600).default(60),
    /** Take site configuration documents from the cloud. */
    acceptConfig: z.boolean().default(true),
    outbox: z
      .object({
        maxBytes: z
          .number()
          .int()
          .min(1024 * 1024)
          .default(2 * 1024 ** 3),
        maxAgeDays: z.number().min(1).max(3_650).default(90),
        /** The outbox alarm is raised from this share of either limit on. */
        warnPercent: z.number().min(1).max(99).default(80),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;
export type SyncSettingsInput = z.input<typeof SyncSettingsSchema>;

/** What a drop of backlog removes: the oldest batches of one stream or all backfill, up to a time. */
export const DropBacklogRequestSchema = z
  .object({
    stream: SyncStreamSchema.nullable(),
    /** Records with event time before this go; null: all of the stream's backlog. */
    beforeMs: EpochMsSchema.nullable(),
    reason: z.string().trim().min(3).max(500),
  })
  .strict();
export type DropBacklogRequest = z.infer<typeof DropBacklogRequestSchema>;
