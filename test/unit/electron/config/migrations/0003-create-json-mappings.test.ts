import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0003', () => {
  it('adds the mapping rules and settings to a file with saved views, keeping the views', () => {
    const db = new Database(':memory:');
    migrate(db, configMigrations.slice(0, 2));
    db.prepare("INSERT INTO trend_views VALUES ('v', 'Pump 3', 'pump 3', '[]', '{}', 0, 0, 'someone')").run();
    expect(migrate(db, configMigrations.slice(0, 3))).toBe(3);
    expect(
      db.prepare("SELECT name FROM pragma_table_info('json_mapping_rules') ORDER BY cid").pluck().all(),
    ).toEqual(['id', 'position', 'rule', 'updated_ms', 'saved_by']);
    expect(db.prepare('SELECT key, value FROM json_mapping_settings ORDER BY key').all()).toEqual([
      { key: 'fallback', value: '{"action":"ignore"}' },
      { key: 'shipped_rules_stored', value: 'false' },
    ]);
    expect(db.prepare('SELECT name FROM trend_views').pluck().all()).toEqual(['Pump 3']);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });
});
