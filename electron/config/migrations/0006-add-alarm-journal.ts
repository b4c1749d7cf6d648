import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Alarms (shared/alarms.ts, ../shared/reference/alarms.md):
 *
 * - `alarm_state`: the latest state of each alarm, the engine's Alarm object as JSON (read and
 *   written whole, parsed with the contract's schema when read back), so a restart restores
 *   active, acknowledged and shelved alarms instead of annunciating them anew.
 * - `alarm_journal`: every transition and operator action, one column per journal field; `seq`
 *   numbers lines in the order they were written and is never reused (AUTOINCREMENT), so a page
 *   boundary or a station's "seen up to" stays meaningful after retention deletes old lines.
 *   The indexes serve the journal's queries: by time (newest first), by alarm and by tag (exact
 *   or prefix) within a time range, and the report's scan of activations.
 * - `alarm_settings_versions`: the site's alarm settings, every change a version with who, when,
 *   before and after (as item_config_versions keeps tags'); the newest version is in force.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'add alarm journal',
  up: (db) => {
    db.exec(`
      CREATE TABLE alarm_state (
        id TEXT PRIMARY KEY,
        alarm TEXT NOT NULL,
        changed_ms INTEGER NOT NULL,
        revision INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE alarm_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,
        alarm TEXT NOT NULL,
        tag TEXT NOT NULL,
        area TEXT NOT NULL,
        priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
        message TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        trigger TEXT NOT NULL,
        user TEXT,
        station TEXT NOT NULL,
        comment TEXT NOT NULL,
        value TEXT NOT NULL,
        quality INTEGER NOT NULL,
        level TEXT CHECK (level IN ('HH', 'H', 'L', 'LL'))
      );
      CREATE INDEX alarm_journal_by_time ON alarm_journal (ts);
      CREATE INDEX alarm_journal_by_alarm ON alarm_journal (alarm, ts);
      CREATE INDEX alarm_journal_by_tag ON alarm_journal (tag, ts);
      CREATE INDEX alarm_journal_by_trigger ON alarm_journal (trigger, ts);
      CREATE TABLE alarm_settings_versions (
        version INTEGER PRIMARY KEY,
        changed_ms INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        before TEXT,
        after TEXT NOT NULL
      );
    `);
  },
};
