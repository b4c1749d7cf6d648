import type { Migration } from './migration.js';

/**
 * A hot tail for the newest samples. Appending to a plain rowid table is sequential (one page
 * at a time), while inserting into the (tag, ts) tree touches one leaf per tag; so new samples
 * land here first and move into `samples` in (tag, ts) order every few seconds, several times
 * faster than inserting them one by one. Reads see both tables.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'add sample tail',
  up: (db) => {
    db.exec(`
      CREATE TABLE sample_tail (
        tag_key INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        value REAL,
        quality INTEGER NOT NULL
      );
    `);
  },
};
