import type { Migration } from './migration.js';

/**
 * The first historian schema: one row per sample, keyed (tag, ts) in a WITHOUT ROWID table so
 * each tag's points sit together in time order with no second index (see
 * ../shared/reference/historian.md). A compressed chunk layout replaces it in a later migration.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'create tags and samples',
  up: (db) => {
    db.exec(`
      CREATE TABLE tags (
        key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        device TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        unit TEXT NOT NULL DEFAULT '',
        data_type TEXT NOT NULL CHECK (data_type IN ('number', 'boolean')),
        eng_low REAL,
        eng_high REAL,
        created_ms INTEGER NOT NULL
      );
      CREATE TABLE samples (
        tag_key INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL,
        quality INTEGER NOT NULL,
        PRIMARY KEY (tag_key, ts)
      ) WITHOUT ROWID;
    `);
  },
};
