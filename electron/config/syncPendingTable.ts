import type { Database, Statement } from 'better-sqlite3';
import type { SyncStream } from '../../shared/sync.js';
import type { OutboxRecord } from '../sync/ports.js';

export interface PendingRow {
  id: number;
  at_ms: number;
  line: string;
}

export interface PendingStats {
  stream: string;
  records: number;
  bytes: number;
  oldest: number | null;
}

/**
 * Records committed to the outbox and not yet sealed (migration 0008, `sync_pending`). Ids are
 * given here from one counter, so a stream's records read back in the order they were committed;
 * a rolled-back insert leaves a gap in the ids, which nothing depends on.
 */
export class SyncPendingTable {
  private readonly insert: Statement;
  private readonly head: Statement<[string, number], PendingRow>;
  private readonly removeUpTo: Statement<[string, number]>;
  private readonly removeStream: Statement<[string]>;
  private readonly stats: Statement<[], PendingStats>;
  private readonly maxId: Statement<[], { id: number | null }>;
  private nextId: number;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO sync_pending (stream, id, at_ms, line) VALUES (?, ?, ?, ?)');
    this.head = db.prepare('SELECT id, at_ms, line FROM sync_pending WHERE stream = ? ORDER BY id LIMIT ?');
    this.removeUpTo = db.prepare('DELETE FROM sync_pending WHERE stream = ? AND id <= ?');
    this.removeStream = db.prepare('DELETE FROM sync_pending WHERE stream = ?');
    this.stats = db.prepare(`
      SELECT stream, COUNT(*) AS records, SUM(octet_length(line)) AS bytes, MIN(at_ms) AS oldest
      FROM sync_pending GROUP BY stream`);
    this.maxId = db.prepare('SELECT MAX(id) AS id FROM sync_pending');
    this.nextId = (this.maxId.get()?.id ?? 0) + 1;
  }

  /** Call inside a transaction. */
  add(records: readonly OutboxRecord[]): void {
    for (const record of records) this.insert.run(record.stream, this.nextId++, record.at, record.line);
  }

  /** The stream's oldest pending records, in the order they were committed. */
  oldest(stream: SyncStream, limit: number): PendingRow[] {
    return this.head.all(stream, limit);
  }

  /** Removes the stream's records up to and including `id` (they were sealed). */
  removeThrough(stream: SyncStream, id: number): void {
    this.removeUpTo.run(stream, id);
  }

  removeAll(stream: SyncStream): number {
    return this.removeStream.run(stream).changes;
  }

  byStream(): PendingStats[] {
    return this.stats.all();
  }
}
