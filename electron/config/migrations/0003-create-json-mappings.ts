import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Plain-JSON mapping rules, in the order they are tried (`position`), and the mapping settings:
 * the fallback for topics no rule matches, and whether the shipped rules were stored yet — they
 * are stored once, on the first start, so that an engineer who deletes them is not overruled on
 * the next. A rule is JSON, read and written whole and parsed with the contract's schema when read.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'create json mappings',
  up: (db) => {
    db.exec(`
      CREATE TABLE json_mapping_rules (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        rule TEXT NOT NULL,
        updated_ms INTEGER NOT NULL,
        saved_by TEXT NOT NULL
      );
      CREATE TABLE json_mapping_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO json_mapping_settings (key, value) VALUES
        ('fallback', '{"action":"ignore"}'),
        ('shipped_rules_stored', 'false');
    `);
  },
};
