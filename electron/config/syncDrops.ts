import type { Database, Statement } from 'better-sqlite3';
import { SYNC_STREAM_NAMES, laneOf, type SyncStream } from '../../shared/sync.js';
import type { OutboxRecord } from '../sync/ports.js';
import type { BatchInfo, SyncBatchTable } from './syncBatchTable.js';
import { auditRecord } from './syncRecords.js';

export interface DropOutcome {
  batches: number;
  records: number;
  bytes: number;
}

/** What one drop takes from a stream: its oldest batches whose every record is before `before`. */
export interface DropTarget {
  stream: SyncStream;
  before: number;
}

interface Range {
  fromSeq: number;
  toSeq: number;
  batches: number;
  records: number;
}

/** Who drops at a limit, in the audit record (an operator's drop names the operator). */
export const LIMIT_DROPPER = 'outbox limit';

/**
 * What a limit may drop: the backfill streams but `audit`, which is small and carries the drop
 * journal itself (dropping it would hide from the receiver what else was dropped).
 */
export const DROPPABLE_AT_LIMIT = SYNC_STREAM_NAMES.filter(
  (stream) => laneOf(stream) === 'backfill' && stream !== 'audit',
);

/**
 * Removing batches that were never acknowledged, always journaled: one audit record per stream
 * with the seq range and record count (`dropped`), committed in the same transaction as the
 * removal, so the receiver can tell a drop from a loss and nothing goes silently. Drops take a
 * stream's oldest batches only (a prefix), so a journaled range holds no batch that was kept.
 */
export class OutboxDrops {
  private readonly addDropped: Statement<[number]>;
  private readonly dropped: Statement<[], { dropped_records: number }>;
  private readonly dropTx: (targets: DropTarget[], by: string, reason: string) => DropOutcome;
  private readonly freeTx: (bytes: number, reason: string) => DropOutcome;

  constructor(
    db: Database,
    private readonly batches: SyncBatchTable,
    private readonly now: () => number,
    private readonly journal: (records: OutboxRecord[]) => void,
  ) {
    this.addDropped = db.prepare(
      'UPDATE sync_outbox_meta SET dropped_records = dropped_records + ? WHERE one = 1',
    );
    this.dropped = db.prepare('SELECT dropped_records FROM sync_outbox_meta WHERE one = 1');
    this.dropTx = db.transaction((targets: DropTarget[], by: string, reason: string) => {
      const ranges = new Map<SyncStream, Range>();
      let bytes = 0;
      for (const { stream, before } of targets) {
        for (;;) {
          const chunk = this.batches.oldest(stream, 256);
          const kept = chunk.findIndex((batch) => batch.lastAtMs >= before);
          const going = kept === -1 ? chunk : chunk.slice(0, kept);
          for (const batch of going) bytes += this.remove(batch, ranges);
          if (going.length < chunk.length || chunk.length === 0) break;
        }
      }
      return this.finish(ranges, bytes, by, reason);
    });
    this.freeTx = db.transaction((wanted: number, reason: string) => {
      const ranges = new Map<SyncStream, Range>();
      let bytes = 0;
      while (bytes < wanted) {
        const oldest = DROPPABLE_AT_LIMIT.flatMap((stream) => this.batches.oldest(stream, 1)).sort(
          (a, b) => a.lastAtMs - b.lastAtMs,
        )[0];
        if (!oldest) break;
        bytes += this.remove(oldest, ranges);
      }
      return this.finish(ranges, bytes, LIMIT_DROPPER, reason);
    });
  }

  /** Drops each target stream's oldest batches before its time; one transaction. */
  drop(targets: DropTarget[], by: string, reason: string): DropOutcome {
    return this.dropTx(targets, by, reason);
  }

  /** Drops the oldest batches of DROPPABLE_AT_LIMIT streams until `bytes` are freed. */
  freeBackfill(bytes: number, reason: string): DropOutcome {
    return this.freeTx(bytes, reason);
  }

  droppedRecords(): number {
    return this.dropped.get()?.dropped_records ?? 0;
  }

  private remove(batch: BatchInfo, ranges: Map<SyncStream, Range>): number {
    this.batches.delete(batch.stream, batch.seq);
    const range = ranges.get(batch.stream) ?? {
      fromSeq: batch.seq,
      toSeq: batch.seq,
      batches: 0,
      records: 0,
    };
    range.fromSeq = Math.min(range.fromSeq, batch.seq);
    range.toSeq = Math.max(range.toSeq, batch.seq);
    range.batches++;
    range.records += batch.count;
    ranges.set(batch.stream, range);
    return batch.bytes;
  }

  private finish(ranges: Map<SyncStream, Range>, bytes: number, by: string, reason: string): DropOutcome {
    const at = this.now();
    let records = 0;
    let batches = 0;
    const lines: OutboxRecord[] = [];
    for (const [stream, range] of ranges) {
      this.batches.settle(stream);
      records += range.records;
      batches += range.batches;
      lines.push(
        auditRecord({
          at,
          by,
          what: 'outbox.drop',
          id: null,
          version: null,
          summary: `${reason}: ${range.records} ${stream} records in ${range.batches} batches (seq ${range.fromSeq}–${range.toSeq}) dropped unsent`,
          dropped: { stream, fromSeq: range.fromSeq, toSeq: range.toSeq, records: range.records },
        }),
      );
    }
    if (records > 0) {
      this.addDropped.run(records);
      this.journal(lines);
    }
    return { batches, records, bytes };
  }
}
