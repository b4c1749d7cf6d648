import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Site-wide settings as JSON values by key; the first is `brokers`, the site's broker list as
 * the last import stored it, so the desktop app (which has no command line) keeps the brokers
 * it was given. Values are parsed with the contract's schemas whenever read back.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'create site settings',
  up: (db) => {
    db.exec(`
      CREATE TABLE site_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        updated_by TEXT NOT NULL
      );
    `);
  },
};
