import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0006', () => {
  const columns = (db: Database.Database, table: string) =>
    db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all();

  it('adds alarm states, the alarm journal with one column per journal field, and versioned alarm settings', () => {
    const db = new Database(':memory:');
    expect(migrate(db, configMigrations.slice(0, 6))).toBe(6);
    expect(columns(db, 'alarm_state')).toEqual(['id', 'alarm', 'changed_ms', 'revision']);
    expect(columns(db, 'alarm_journal')).toEqual([
      'seq',
      'ts',
      'alarm',
      'tag',
      'area',
      'priority',
      'message',
      'from_state',
      'to_state',
      'trigger',
      'user',
      'station',
      'comment',
      'value',
      'quality',
      'level',
    ]);
    expect(columns(db, 'alarm_settings_versions')).toEqual([
      'version',
      'changed_ms',
      'changed_by',
      'before',
      'after',
    ]);
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alarm_journal' ORDER BY name",
      )
      .pluck()
      .all();
    expect(indexes).toEqual([
      'alarm_journal_by_alarm',
      'alarm_journal_by_tag',
      'alarm_journal_by_time',
      'alarm_journal_by_trigger',
    ]);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
  });

  it('numbers journal lines in order and never reuses a number, even after the newest is deleted', () => {
    const db = new Database(':memory:');
    migrate(db, configMigrations.slice(0, 6));
    const insert = db.prepare(`
      INSERT INTO alarm_journal (ts, alarm, tag, area, priority, message, from_state, to_state,
        trigger, user, station, comment, value, quality, level)
      VALUES (1, 'a/b#level', 'a/b', '', ?, '', 'normal', 'unacked', 'activated', NULL, 's', '', 'null', 0, ?)`);
    expect(insert.run('high', 'H').lastInsertRowid).toBe(1);
    expect(insert.run('low', null).lastInsertRowid).toBe(2);
    db.prepare('DELETE FROM alarm_journal WHERE seq = 2').run();
    expect(insert.run('low', null).lastInsertRowid).toBe(3);
    expect(() => insert.run('urgent', null)).toThrow(/CHECK/);
    expect(() => insert.run('low', 'HHH')).toThrow(/CHECK/);
  });

  it('keeps one state per alarm', () => {
    const db = new Database(':memory:');
    migrate(db, configMigrations.slice(0, 6));
    const insert = db.prepare("INSERT INTO alarm_state VALUES ('a/b#level', '{}', 1, 1)");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
