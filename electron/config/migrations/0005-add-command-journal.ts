import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * The command journal: every write an engineer sent (or tried to) to a device. A row is written
 * as `sending` before the command is published and updated with its outcome after, so a crash
 * between the two leaves a trace rather than a command nobody knows about. Target and values are
 * JSON, parsed with the contract's schemas when read back.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'add command journal',
  up: (db) => {
    db.exec(`
      CREATE TABLE command_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user TEXT NOT NULL,
        requested_ms INTEGER NOT NULL,
        tag TEXT NOT NULL,
        target TEXT NOT NULL,
        old_value TEXT NOT NULL,
        new_value TEXT NOT NULL,
        outcome TEXT NOT NULL
          CHECK (outcome IN ('sending', 'sent', 'echoed', 'timedOut', 'refused')),
        outcome_ms INTEGER NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
      );
    `);
  },
};
