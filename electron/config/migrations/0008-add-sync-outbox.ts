import { randomBytes } from 'node:crypto';
import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Cloud sync's outbox (shared/sync.ts, electron/config/syncOutbox.ts):
 *
 * - `sync_pending`: records committed but not yet sealed, keyed by (stream, id) so a stream's
 *   records are read in the order they were committed without a second index; `id` is given by
 *   the outbox (one counter over all streams), `line` is the record's JSON text as sent.
 * - `sync_batches`: sealed batches, the exact gzip bytes that go on the wire (and again if they
 *   must be resent), keyed by (stream, seq). A row leaves only on the broker's PUBACK or a
 *   journaled drop.
 * - `sync_streams`: per stream the next seq to seal (never reused: it survives drops, restarts
 *   and an emptied table) and the acknowledged seq (every seq up to it has left the outbox).
 * - `sync_outbox_meta`: one row: the outbox id (16 random hex, made here once: a config.db
 *   started afresh begins a new sequence space), the count of records dropped, and the trusted
 *   clock the age limit is measured with (syncTrustedClock.ts).
 * - `sync_settings_versions`: SyncSettings, every change a version (as alarm settings).
 * - `sync_down_seen`: ids of downward configuration documents already handled and how, so a
 *   redelivered document (QoS 1 after a reconnect) is recognised and not applied twice.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'add sync outbox',
  up: (db) => {
    db.exec(`
      CREATE TABLE sync_pending (
        stream TEXT NOT NULL,
        id INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        line TEXT NOT NULL,
        PRIMARY KEY (stream, id)
      ) WITHOUT ROWID;
      CREATE TABLE sync_batches (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq >= 1),
        count INTEGER NOT NULL CHECK (count >= 1),
        first_at_ms INTEGER NOT NULL,
        last_at_ms INTEGER NOT NULL,
        raw_bytes INTEGER NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (stream, seq)
      ) WITHOUT ROWID;
      CREATE TABLE sync_streams (
        stream TEXT PRIMARY KEY,
        next_seq INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
        acked_seq INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0)
      ) WITHOUT ROWID;
      CREATE TABLE sync_outbox_meta (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        outbox_id TEXT NOT NULL CHECK (length(outbox_id) = 16),
        dropped_records INTEGER NOT NULL DEFAULT 0,
        clock_ms INTEGER
      );
      CREATE TABLE sync_settings_versions (
        version INTEGER PRIMARY KEY,
        changed_ms INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        before TEXT,
        after TEXT NOT NULL
      );
      CREATE TABLE sync_down_seen (
        id TEXT PRIMARY KEY,
        outcome TEXT NOT NULL,
        at_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
    db.prepare('INSERT INTO sync_outbox_meta (one, outbox_id) VALUES (1, ?)').run(
      randomBytes(8).toString('hex'),
    );
  },
};
