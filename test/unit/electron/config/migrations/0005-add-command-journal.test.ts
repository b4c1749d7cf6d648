import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0005', () => {
  it('adds the command journal: ids in order of entry, outcomes only from the known set', () => {
    const db = new Database(':memory:');
    expect(migrate(db, configMigrations.slice(0, 5))).toBe(5);
    const columns = db
      .prepare("SELECT name FROM pragma_table_info('command_journal') ORDER BY cid")
      .pluck()
      .all();
    expect(columns).toEqual([
      'id',
      'user',
      'requested_ms',
      'tag',
      'target',
      'old_value',
      'new_value',
      'outcome',
      'outcome_ms',
      'detail',
    ]);
    const insert = db.prepare(
      "INSERT INTO command_journal (user, requested_ms, tag, target, old_value, new_value, outcome, outcome_ms) VALUES ('erin', 1, 't', '{}', '1', '2', ?, 1)",
    );
    expect(insert.run('sending').lastInsertRowid).toBe(1);
    expect(insert.run('sent').lastInsertRowid).toBe(2);
    expect(() => insert.run('maybe')).toThrow(/CHECK/);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
  });
});
