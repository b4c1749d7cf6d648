import {
  MAX_BATCH_RAW_BYTES,
  MAX_BATCH_RECORDS,
  MAX_BATCH_WIRE_BYTES,
  SYNC_WIRE_VERSION,
  type BatchHeader,
  type SyncStream,
} from '../../shared/sync.js';
import { encodeBatch } from '../sync/wire.js';
import type { SyncBatchTable } from './syncBatchTable.js';
import type { PendingRow, SyncPendingTable } from './syncPendingTable.js';

/** Who the batches come from: written into every header. */
export interface OutboxIdentity {
  site: string;
  station: string;
  outbox: string;
}

/**
 * A record line is at most this long, so that one record always fits a batch on the wire: gzip
 * of 64 KiB of text never reaches MAX_BATCH_WIRE_BYTES (120 KiB), whatever the text.
 */
export const MAX_RECORD_LINE_BYTES = 64 * 1024;

/**
 * Seals a stream's pending records into batches: oldest first, each at most MAX_BATCH_RECORDS
 * records and MAX_BATCH_RAW_BYTES of lines, and at most MAX_BATCH_WIRE_BYTES once compressed (a
 * batch that compresses badly is split in halves until it fits). Call inside a transaction: the
 * batch is stored, its records removed from pending and the stream's next seq moved on together.
 * `partial`: seal the last, not yet full batch too; otherwise it waits for more records.
 * Answers the number of records sealed.
 */
export function sealStream(
  pending: SyncPendingTable,
  batches: SyncBatchTable,
  identity: OutboxIdentity,
  stream: SyncStream,
  partial: boolean,
): number {
  let sealed = 0;
  for (;;) {
    const rows = pending.oldest(stream, MAX_BATCH_RECORDS);
    if (rows.length === 0) return sealed;
    let { count, rawBytes } = fitRaw(rows);
    const full = count < rows.length || count === MAX_BATCH_RECORDS;
    if (!full && !partial) return sealed;
    const seq = batches.nextSeq(stream);
    for (;;) {
      const taken = rows.slice(0, count);
      const header: BatchHeader = {
        v: SYNC_WIRE_VERSION,
        ...identity,
        stream,
        seq,
        count,
        firstAtMs: Math.min(...taken.map((row) => row.at_ms)),
        lastAtMs: Math.max(...taken.map((row) => row.at_ms)),
      };
      const payload = encodeBatch(
        header,
        taken.map((row) => row.line),
      );
      if (payload.length > MAX_BATCH_WIRE_BYTES && count > 1) {
        count = Math.ceil(count / 2);
        rawBytes = fitRaw(rows.slice(0, count)).rawBytes;
        continue;
      }
      batches.seal({
        stream,
        seq,
        count,
        firstAtMs: header.firstAtMs,
        lastAtMs: header.lastAtMs,
        rawBytes,
        payload,
      });
      pending.removeThrough(stream, taken.at(-1)!.id);
      sealed += count;
      break;
    }
  }
}

/** How many of the rows fit MAX_BATCH_RAW_BYTES (at least one), and their bytes with newlines. */
function fitRaw(rows: readonly PendingRow[]): { count: number; rawBytes: number } {
  let rawBytes = 0;
  let count = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(row.line) + 1;
    if (count > 0 && rawBytes + bytes > MAX_BATCH_RAW_BYTES) break;
    rawBytes += bytes;
    count++;
  }
  return { count, rawBytes };
}
