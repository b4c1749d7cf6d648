import type { Database, Statement } from 'better-sqlite3';
import type { ConfigResultRecord } from '../../shared/sync.js';

type Outcome = ConfigResultRecord['outcome'];
const OUTCOMES = new Set<string>(['applied', 'rejected', 'unchanged']);

/**
 * Ids of downward configuration documents already handled (migration 0008, `sync_down_seen`),
 * so a document the broker delivers again — QoS 1 after a reconnect, or a restart before the
 * PUBACK — is recognised and not applied twice (electron/sync/down/downConfig.ts).
 */
export class SyncDownSeenTable {
  private readonly get: Statement<[string], { outcome: string }>;
  private readonly insert: Statement;

  constructor(db: Database) {
    this.get = db.prepare('SELECT outcome FROM sync_down_seen WHERE id = ?');
    this.insert = db.prepare('INSERT OR IGNORE INTO sync_down_seen (id, outcome, at_ms) VALUES (?, ?, ?)');
  }

  seen(id: string): Outcome | null {
    const outcome = this.get.get(id)?.outcome;
    return outcome !== undefined && OUTCOMES.has(outcome) ? (outcome as Outcome) : null;
  }

  remember(entry: { id: string; outcome: Outcome; atMs: number }): void {
    this.insert.run(entry.id, entry.outcome, entry.atMs);
  }
}
