import { SYNC_STREAMS, SYNC_STREAM_NAMES, type StreamBacklog } from '../../shared/sync.js';
import type { SyncBatchTable } from './syncBatchTable.js';
import type { SyncPendingTable } from './syncPendingTable.js';

export interface BacklogStats {
  streams: StreamBacklog[];
  /** Bytes stored: pending lines as text, sealed batches compressed. */
  bytes: number;
  oldestAtMs: number | null;
}

/**
 * What waits in the outbox, per stream and in all: records and bytes pending or sealed, the
 * oldest event time, and the stream's next and acknowledged seq. Three grouped queries: the
 * pending table holds less than a batch per stream once sealing runs, and the batch table one
 * row per batch, so this stays cheap however large the backlog.
 */
export function backlogStats(pending: SyncPendingTable, batches: SyncBatchTable): BacklogStats {
  const waiting = new Map(pending.byStream().map((row) => [row.stream, row]));
  const sealed = new Map(batches.byStream().map((row) => [row.stream, row]));
  const states = new Map(batches.streamStates().map((row) => [row.stream, row]));
  let bytes = 0;
  let oldestAtMs: number | null = null;
  const streams = SYNC_STREAM_NAMES.map((stream): StreamBacklog => {
    const p = waiting.get(stream);
    const s = sealed.get(stream);
    const oldest = minOf(p?.oldest ?? null, s?.oldest ?? null);
    const streamBytes = (p?.bytes ?? 0) + (s?.bytes ?? 0);
    bytes += streamBytes;
    oldestAtMs = minOf(oldestAtMs, oldest);
    return {
      stream,
      lane: SYNC_STREAMS[stream],
      records: (p?.records ?? 0) + (s?.records ?? 0),
      bytes: streamBytes,
      oldestAtMs: oldest,
      nextSeq: states.get(stream)?.next_seq ?? 1,
      ackedSeq: states.get(stream)?.acked_seq ?? 0,
    };
  });
  return { streams, bytes, oldestAtMs };
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
