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

describe('config.db migration 0002', () => {
  it('adds the configured items and their versions, one row per item and per change', () => {
    const db = new Database(':memory:');
    expect(migrate(db, configMigrations.slice(0, 2))).toBe(2);
    const columns = (table: string) =>
      db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all();
    expect(columns('item_config')).toEqual(['kind', 'id', 'version', 'config']);
    expect(columns('item_config_versions')).toEqual([
      'kind',
      'id',
      'version',
      'changed_ms',
      'changed_by',
      'before',
      'after',
    ]);
    const insert = db.prepare("INSERT INTO item_config VALUES (?, 'line1/pump3/flow', 1, '{}')");
    insert.run('tag');
    insert.run('device');
    expect(() => insert.run('tag')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('view')).toThrow(/CHECK/);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });
});
