import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0004', () => {
  it('adds the site settings to a file with mapping rules and item configuration, keeping them', () => {
    const db = new Database(':memory:');
    migrate(db, configMigrations.slice(0, 3));
    db.prepare("INSERT INTO json_mapping_rules VALUES ('r1', 0, '{}', 0, 'someone')").run();
    db.prepare("INSERT INTO item_config VALUES ('tag', 'a/b/c', 1, '{}')").run();
    expect(migrate(db, configMigrations.slice(0, 4))).toBe(4);
    expect(
      db.prepare("SELECT name FROM pragma_table_info('site_settings') ORDER BY cid").pluck().all(),
    ).toEqual(['key', 'value', 'updated_ms', 'updated_by']);
    expect(db.prepare('SELECT COUNT(*) FROM site_settings').pluck().get()).toBe(0);
    const insert = db.prepare("INSERT INTO site_settings VALUES ('brokers', '[]', 0, 'someone')");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare('SELECT id FROM json_mapping_rules').pluck().all()).toEqual(['r1']);
    expect(db.prepare('SELECT id FROM item_config').pluck().all()).toEqual(['a/b/c']);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
  });
});
