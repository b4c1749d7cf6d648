import type { Database, Statement } from 'better-sqlite3';
import type { ConfigResultRecord } from '../../shared/sync.js';

export interface SeenDocument {
  outcome: ConfigResultRecord['outcome'];
  atMs: number;
}

/**
 * Ids of downward configuration documents already handled (migration 0008, `sync_down_seen`):
 * QoS 1 delivers a document again after a reconnect, and the persistent session may hold a copy
 * sent before; a document seen before is not applied twice. The rows are few (one per document
 * the cloud ever sent) and small, so they are kept.
 */
export class SyncDownSeenTable {
  private readonly one: Statement<[string], { outcome: string; at_ms: number }>;
  private readonly mark: Statement;

  constructor(db: Database) {
    this.one = db.prepare('SELECT outcome, at_ms FROM sync_down_seen WHERE id = ?');
    this.mark = db.prepare(`
      INSERT INTO sync_down_seen (id, outcome, at_ms) VALUES (@id, @outcome, @at)
      ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, at_ms = excluded.at_ms`);
  }

  seen(id: string): SeenDocument | null {
    const row = this.one.get(id);
    return row ? { outcome: row.outcome as SeenDocument['outcome'], atMs: row.at_ms } : null;
  }

  /** Call inside a transaction (SyncOutbox.recordDownResult). */
  record(result: ConfigResultRecord): void {
    this.mark.run({ id: result.id, outcome: result.outcome, at: result.at });
  }
}
