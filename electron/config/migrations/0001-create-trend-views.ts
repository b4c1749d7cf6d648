import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Saved trend views. `name_key` (the name folded for case, see shared/trendViews.ts) carries
 * the per-site uniqueness, so two operators saving "Pump 3" and "pump 3" at once cannot both
 * win. Pens and range are JSON: they are read and written only as a whole, and are parsed with
 * the contract's schemas whenever they are read back.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'create trend views',
  up: (db) => {
    db.exec(`
      CREATE TABLE trend_views (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        pens TEXT NOT NULL,
        time_range TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        saved_by TEXT NOT NULL
      );
    `);
  },
};
