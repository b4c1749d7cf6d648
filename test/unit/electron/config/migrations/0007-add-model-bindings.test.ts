import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0007', () => {
  it('adds model bindings, one row each, and their versions, where a deletion has no after', () => {
    const db = new Database(':memory:');
    expect(
      migrate(
        db,
        configMigrations.filter((m) => m.version <= 7),
      ),
    ).toBe(7);
    const columns = (table: string) =>
      db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all();
    expect(columns('model_bindings')).toEqual(['id', 'version', 'binding']);
    expect(columns('model_binding_versions')).toEqual([
      'id',
      'version',
      'changed_ms',
      'changed_by',
      'before',
      'after',
    ]);
    const insert = db.prepare("INSERT INTO model_bindings VALUES ('pump1', ?, '{}')");
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/UNIQUE|PRIMARY/);
    db.prepare("INSERT INTO model_binding_versions VALUES ('pump1', 2, 0, 'erin', '{}', NULL)").run();
    expect(db.pragma('user_version', { simple: true })).toBe(7);
  });
});
