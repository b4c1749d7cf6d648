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
import type { OutboxRecord } from '../sync/ports.js';
import type { SyncPendingTable } from './syncPendingTable.js';

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

/** A record to seal: as stored in sync_pending, or as just given to an append. */
export interface SealRow {
  at_ms: number;
  line: string;
}

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
    const count = sealRows(batches, identity, stream, rows, partial);
    if (count === 0) return sealed;
    pending.removeThrough(stream, rows[count - 1]!.id);
    sealed += count;
  }
}

/**
 * Appends records and seals in one step (inside the append's transaction): the stream's pending
 * records, then the new ones, go into batches as far as they fill them (all of them when
 * `partial`); only the rest is written to sync_pending. A large append of backfill (thousands of
 * rollups) so writes each record once, compressed, instead of once raw and again sealed.
 */
export function appendSealing(
  pending: SyncPendingTable,
  batches: SyncBatchTable,
  identity: OutboxIdentity,
  stream: SyncStream,
  records: readonly OutboxRecord[],
  partial: boolean,
): void {
  sealStream(pending, batches, identity, stream, false);
  // What is left pending is less than a full batch: it goes first, then the new records.
  const waiting = pending.oldest(stream, MAX_BATCH_RECORDS);
  const rows: SealRow[] = [...waiting, ...records.map((record) => ({ at_ms: record.at, line: record.line }))];
  const count = sealRows(batches, identity, stream, rows, partial);
  const fromWaiting = Math.min(count, waiting.length);
  if (fromWaiting > 0) pending.removeThrough(stream, waiting[fromWaiting - 1]!.id);
  pending.add(records.slice(Math.max(0, count - waiting.length)));
}

/**
 * Seals batches from the front of `rows`: full ones, and the rest as well when `partial`.
 * Answers how many rows were sealed.
 */
function sealRows(
  batches: SyncBatchTable,
  identity: OutboxIdentity,
  stream: SyncStream,
  rows: readonly SealRow[],
  partial: boolean,
): number {
  let offset = 0;
  while (offset < rows.length) {
    const window = rows.slice(offset, offset + MAX_BATCH_RECORDS);
    let { count, rawBytes } = fitRaw(window);
    const full = count < window.length || count === MAX_BATCH_RECORDS;
    if (!full && !partial) break;
    const seq = batches.nextSeq(stream);
    for (;;) {
      const taken = window.slice(0, count);
      let firstAtMs = Number.POSITIVE_INFINITY;
      let lastAtMs = Number.NEGATIVE_INFINITY;
      for (const row of taken) {
        firstAtMs = Math.min(firstAtMs, row.at_ms);
        lastAtMs = Math.max(lastAtMs, row.at_ms);
      }
      const header: BatchHeader = {
        v: SYNC_WIRE_VERSION,
        ...identity,
        stream,
        seq,
        count,
        firstAtMs,
        lastAtMs,
      };
      const payload = encodeBatch(
        header,
        taken.map((row) => row.line),
      );
      if (payload.length > MAX_BATCH_WIRE_BYTES && count > 1) {
        count = Math.ceil(count / 2);
        rawBytes = fitRaw(window.slice(0, count)).rawBytes;
        continue;
      }
      batches.seal({ stream, seq, count, firstAtMs, lastAtMs, rawBytes, payload });
      break;
    }
    offset += count;
  }
  return offset;
}

/** How many of the rows fit MAX_BATCH_RAW_BYTES (at least one), and their bytes with newlines. */
function fitRaw(rows: readonly SealRow[]): { count: number; rawBytes: number } {
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
