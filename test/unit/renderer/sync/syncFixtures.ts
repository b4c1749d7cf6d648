import {
  SYNC_STREAM_NAMES,
  SyncStatusSchema,
  laneOf,
  type StreamBacklog,
  type SyncStatus,
} from '../../../../shared/sync.js';

/** A stream with nothing waiting, unless `over` says otherwise. */
export function backlog(stream: StreamBacklog['stream'], over: Partial<StreamBacklog> = {}): StreamBacklog {
  return {
    stream,
    lane: laneOf(stream),
    records: 0,
    bytes: 0,
    oldestAtMs: null,
    nextSeq: 1,
    ackedSeq: 0,
    ...over,
  };
}

/** A status as the server answers it: link up, every stream empty, unless `over` says otherwise. */
export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return SyncStatusSchema.parse({
    enabled: true,
    link: 'up',
    detail: null,
    broker: 'mqtts://cloud.example:8883',
    since: 1_000,
    lastSyncMs: 2_000,
    recordsPerSecond: 0,
    bytesPerSecond: 0,
    inFlight: 0,
    metered: false,
    backfillBytesPerSecond: null,
    streams: SYNC_STREAM_NAMES.map((stream) => backlog(stream)),
    outbox: {
      bytes: 0,
      maxBytes: 2 * 1024 ** 3,
      oldestAtMs: null,
      maxAgeDays: 90,
      fillPercent: 0,
      warning: null,
    },
    droppedRecords: 0,
    ...over,
  });
}
