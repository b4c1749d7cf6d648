import type { Migration } from './migration.js';

/**
 * Rollups (rollups/): per tag, per level (1 min, 1 h), per time-aligned bucket, the figures
 * every aggregate of a longer interval can be computed from. Recent buckets are rows in
 * `rollups`; once a tag has a block's worth they are sealed, compressed, into `rollup_blocks`
 * (several kilobytes each, so an ordinary table with an index rather than WITHOUT ROWID).
 * Existing raw history is rolled up once, when the store first opens this schema.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'add rollups',
  up: (db) => {
    db.exec(`
      CREATE TABLE rollups (
        tag_key INTEGER NOT NULL,
        level INTEGER NOT NULL,
        start INTEGER NOT NULL,
        count INTEGER NOT NULL,
        valued INTEGER NOT NULL,
        sum REAL NOT NULL,
        min REAL,
        max REAL,
        first REAL,
        last REAL,
        worst_quality INTEGER NOT NULL,
        first_ts INTEGER NOT NULL,
        last_ts INTEGER NOT NULL,
        last_value REAL,
        last_quality INTEGER NOT NULL,
        integral REAL NOT NULL,
        valued_ms INTEGER NOT NULL,
        good_ms INTEGER NOT NULL,
        usable_quality INTEGER NOT NULL,
        PRIMARY KEY (tag_key, level, start)
      ) WITHOUT ROWID;
      CREATE TABLE rollup_blocks (
        id INTEGER PRIMARY KEY,
        tag_key INTEGER NOT NULL,
        level INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      CREATE UNIQUE INDEX rollup_blocks_by_tag ON rollup_blocks (tag_key, level, start);
    `);
  },
};
