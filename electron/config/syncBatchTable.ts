import type { Database, Statement } from 'better-sqlite3';
import { SYNC_STREAM_NAMES, type SyncStream } from '../../shared/sync.js';
import type { SealedBatch } from '../sync/ports.js';

export interface BatchInsert {
  stream: SyncStream;
  seq: number;
  count: number;
  firstAtMs: number;
  lastAtMs: number;
  rawBytes: number;
  payload: Buffer;
}

interface BatchRow {
  stream: SyncStream;
  seq: number;
  count: number;
  first_at_ms: number;
  last_at_ms: number;
  payload: Buffer;
}

export interface BatchInfo {
  stream: SyncStream;
  seq: number;
  count: number;
  bytes: number;
  lastAtMs: number;
}

export interface BatchStats {
  stream: string;
  records: number;
  bytes: number;
  oldest: number | null;
}

export interface StreamState {
  stream: string;
  next_seq: number;
  acked_seq: number;
}

/**
 * Sealed batches and each stream's sequence state (migration 0008). A seq is taken from
 * `sync_streams.next_seq` in the transaction that stores its batch, so it is never reused: not
 * after an acknowledgement, a drop, a restart or an emptied table.
 */
export class SyncBatchTable {
  private readonly insert: Statement;
  private readonly after: Statement<[string, number, number], BatchRow>;
  private readonly remove: Statement<[string, number]>;
  private readonly stats: Statement<[], BatchStats>;
  private readonly state: Statement<[string], StreamState>;
  private readonly states: Statement<[], StreamState>;
  private readonly bump: Statement<[number, string]>;
  private readonly lowest: Statement<[string], { seq: number | null }>;
  private readonly setAcked: Statement<[number, string]>;
  private readonly oldestOf: Statement<[string, number], BatchInfo>;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO sync_batches (stream, seq, count, first_at_ms, last_at_ms, raw_bytes, payload)
      VALUES (@stream, @seq, @count, @firstAtMs, @lastAtMs, @rawBytes, @payload)`);
    this.after = db.prepare(`
      SELECT stream, seq, count, first_at_ms, last_at_ms, payload FROM sync_batches
      WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?`);
    this.remove = db.prepare('DELETE FROM sync_batches WHERE stream = ? AND seq = ?');
    this.stats = db.prepare(`
      SELECT stream, SUM(count) AS records, SUM(length(payload)) AS bytes, MIN(first_at_ms) AS oldest
      FROM sync_batches GROUP BY stream`);
    this.state = db.prepare('SELECT * FROM sync_streams WHERE stream = ?');
    this.states = db.prepare('SELECT * FROM sync_streams');
    this.bump = db.prepare('UPDATE sync_streams SET next_seq = ? WHERE stream = ?');
    this.lowest = db.prepare('SELECT MIN(seq) AS seq FROM sync_batches WHERE stream = ?');
    this.setAcked = db.prepare('UPDATE sync_streams SET acked_seq = ? WHERE stream = ?');
    this.oldestOf = db.prepare(`
      SELECT stream, seq, count, length(payload) AS bytes, last_at_ms AS lastAtMs FROM sync_batches
      WHERE stream = ? ORDER BY seq LIMIT ?`);
    const ensure = db.prepare('INSERT OR IGNORE INTO sync_streams (stream) VALUES (?)');
    for (const stream of SYNC_STREAM_NAMES) ensure.run(stream);
  }

  /** Call inside a transaction: stores the batch (its seq from nextSeq) and moves next_seq on. */
  seal(batch: BatchInsert): void {
    this.insert.run(batch);
    this.bump.run(batch.seq + 1, batch.stream);
  }

  nextSeq(stream: SyncStream): number {
    return this.state.get(stream)?.next_seq ?? 1;
  }

  /** The stream's sealed batches above `seq`, oldest first. */
  batchesAfter(stream: SyncStream, seq: number, limit: number): SealedBatch[] {
    return this.after.all(stream, seq, limit).map((row) => ({
      stream: row.stream,
      seq: row.seq,
      count: row.count,
      firstAtMs: row.first_at_ms,
      lastAtMs: row.last_at_ms,
      payload: row.payload,
    }));
  }

  /** Removes a batch (acknowledged or dropped); false when it was gone already. */
  delete(stream: SyncStream, seq: number): boolean {
    return this.remove.run(stream, seq).changes > 0;
  }

  /**
   * Moves `acked_seq` to the highest seq below which nothing waits: every batch up to it has
   * left the outbox (acknowledged, or dropped and journaled), whatever order the acks came in.
   */
  settle(stream: SyncStream): void {
    const lowest = this.lowest.get(stream)?.seq ?? null;
    this.setAcked.run((lowest ?? this.nextSeq(stream)) - 1, stream);
  }

  /** The stream's oldest batches (all of them, `limit` at a time). */
  oldest(stream: SyncStream, limit: number): BatchInfo[] {
    return this.oldestOf.all(stream, limit);
  }

  byStream(): BatchStats[] {
    return this.stats.all();
  }

  streamStates(): StreamState[] {
    return this.states.all();
  }
}
