import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Engineers' configuration of tags and devices (shared/tagConfig.ts, shared/deviceConfig.ts),
 * versioned. `item_config` holds what is in force, one row per tag or device; every change also
 * adds a row to `item_config_versions` with who, when, and the configuration before and after,
 * in the same transaction, so the history is never behind what is in force. Configurations are
 * JSON: read and written whole, and parsed with the contract's schemas whenever read back.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'add item config',
  up: (db) => {
    db.exec(`
      CREATE TABLE item_config (
        kind TEXT NOT NULL CHECK (kind IN ('tag', 'device')),
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        config TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      CREATE TABLE item_config_versions (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        changed_ms INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        before TEXT,
        after TEXT NOT NULL,
        PRIMARY KEY (kind, id, version)
      ) WITHOUT ROWID;
    `);
  },
};
