import type { Migration } from './migration.js';

/**
 * The archive compression each tag was stored with, and since when: swinging door and deadband
 * are lossy, so whoever reads a tag's history can tell which deviation shaped which stretch of
 * it. A row is added whenever a tag's setting changes; `setting` is StorageCompression as JSON.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'add tag compression',
  up: (db) => {
    db.exec(`
      CREATE TABLE tag_compression (
        tag_key INTEGER NOT NULL,
        since_ms INTEGER NOT NULL,
        setting TEXT NOT NULL,
        PRIMARY KEY (tag_key, since_ms)
      ) WITHOUT ROWID;
    `);
  },
};
