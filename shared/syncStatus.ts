import { z } from 'zod';

/**
 * Cloud sync's streams, lanes and status, apart from sync.ts (which re-exports them) so that
 * domain.ts (HealthSchema's `sync` section) can include the status without an import cycle:
 * this file imports nothing of shared/.
 */

const EpochMsSchema = z.number().int().min(0).max(8.64e15);

/**
 * The streams, each its own sequence of batches. `live` streams always go first; `backfill`
 * streams drain oldest-first within the bandwidth budget. On a metered link only the live lane
 * and hourly rollups are sent; the rest waits in the outbox.
 */
export const SYNC_STREAMS = {
  /** Alarm journal: every transition and operator action (shared/alarms.ts AlarmJournalEntry). */
  alarms: 'live',
  /** Command journal: operator writes to devices and their outcomes (shared/commands.ts). */
  commands: 'live',
  /** Results of downward configuration documents: applied or rejected, and why. */
  config: 'live',
  /** The site's health figures, every `heartbeatSeconds`. */
  heartbeat: 'live',
  /** Configuration changes made on site (who, what, before/after versions) and outbox drops. */
  audit: 'backfill',
  /** Device status changes (online, offline, stale). */
  devices: 'backfill',
  /** Per-tag rollups at the configured resolution (1 min by default). */
  rollups: 'backfill',
  /** Per-tag hourly rollups: what a metered link still sends. */
  rollupsHourly: 'backfill',
  /** Raw samples of the tags marked for it. */
  raw: 'backfill',
  /** Outputs of the site's models (derived tags `models/…`), raw. */
  models: 'backfill',
} as const;
export type SyncStream = keyof typeof SYNC_STREAMS;
export type SyncLane = (typeof SYNC_STREAMS)[SyncStream];
export const SYNC_STREAM_NAMES = Object.keys(SYNC_STREAMS) as SyncStream[];
export const SyncStreamSchema = z.enum(SYNC_STREAM_NAMES as [SyncStream, ...SyncStream[]]);
export const METERED_STREAMS: readonly SyncStream[] = [
  ...SYNC_STREAM_NAMES.filter((stream) => SYNC_STREAMS[stream] === 'live'),
  'rollupsHourly',
];

export function laneOf(stream: SyncStream): SyncLane {
  return SYNC_STREAMS[stream];
}

export const SyncLinkStateSchema = z.enum(['off', 'connecting', 'up', 'degraded', 'down']);
export type SyncLinkState = z.infer<typeof SyncLinkStateSchema>;

export const StreamBacklogSchema = z.object({
  stream: SyncStreamSchema,
  lane: z.enum(['live', 'backfill']),
  /** Records and bytes (as stored, compressed) waiting, sealed or not. */
  records: z.number().int().min(0),
  bytes: z.number().int().min(0),
  /** Event time of the oldest record waiting; null: nothing waits. */
  oldestAtMs: EpochMsSchema.nullable(),
  /** The next batch number this stream will seal, and the newest the broker acknowledged. */
  nextSeq: z.number().int().min(1),
  ackedSeq: z.number().int().min(0),
});
export type StreamBacklog = z.infer<typeof StreamBacklogSchema>;

export const SyncStatusSchema = z.object({
  enabled: z.boolean(),
  link: SyncLinkStateSchema,
  /** Why the link is down or degraded, in words. */
  detail: z.string().nullable(),
  /** The cloud broker's URL, never with a password. */
  broker: z.string().nullable(),
  since: EpochMsSchema,
  lastSyncMs: EpochMsSchema.nullable(),
  /** Rolling 10 s throughput. */
  recordsPerSecond: z.number().min(0),
  bytesPerSecond: z.number().min(0),
  inFlight: z.number().int().min(0),
  metered: z.boolean(),
  backfillBytesPerSecond: z.number().nullable(),
  streams: z.array(StreamBacklogSchema),
  outbox: z.object({
    bytes: z.number().int().min(0),
    maxBytes: z.number().int(),
    oldestAtMs: EpochMsSchema.nullable(),
    maxAgeDays: z.number(),
    /** The larger of size and age against their limits, 0–100+. */
    fillPercent: z.number().min(0),
    /** Set from the warning share on: what will happen and what to do about it. */
    warning: z.string().nullable(),
  }),
  /** Records dropped from the outbox (by the operator or at a limit) since the outbox began. */
  droppedRecords: z.number().int().min(0),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
