import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../electron/platform/sqliteMigrations.js';

describe('config.db migrations', () => {
  it('0001 creates the trend views table, unique by folded name, and records schema version 1', () => {
    const db = new Database(':memory:');
    expect(migrate(db, configMigrations.slice(0, 1))).toBe(1);
    const columns = db
      .prepare("SELECT name FROM pragma_table_info('trend_views') ORDER BY cid")
      .pluck()
      .all();
    expect(columns).toEqual([
      'id',
      'name',
      'name_key',
      'pens',
      'time_range',
      'created_ms',
      'updated_ms',
      'saved_by',
    ]);
    const insert = db.prepare("INSERT INTO trend_views VALUES (?, ?, ?, '[]', '{}', 0, 0, 'someone')");
    insert.run('a', 'Pump 3', 'pump 3');
    expect(() => insert.run('b', 'pump 3', 'pump 3')).toThrow(/UNIQUE/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});
