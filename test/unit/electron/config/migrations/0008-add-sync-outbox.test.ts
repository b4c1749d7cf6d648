import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configMigrations } from '../../../../../electron/config/migrations/index.js';
import { migrate } from '../../../../../electron/platform/sqliteMigrations.js';

describe('config.db migration 0008', () => {
  const columns = (db: Database.Database, table: string) =>
    db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).pluck().all();

  it('adds pending records, sealed batches, stream state, outbox meta, sync settings and seen downward ids', () => {
    const db = new Database(':memory:');
    expect(migrate(db, configMigrations.slice(0, 8))).toBe(8);
    expect(columns(db, 'sync_pending')).toEqual(['stream', 'id', 'at_ms', 'line']);
    expect(columns(db, 'sync_batches')).toEqual([
      'stream',
      'seq',
      'count',
      'first_at_ms',
      'last_at_ms',
      'raw_bytes',
      'payload',
    ]);
    expect(columns(db, 'sync_streams')).toEqual(['stream', 'next_seq', 'acked_seq']);
    expect(columns(db, 'sync_outbox_meta')).toEqual(['one', 'outbox_id', 'dropped_records', 'clock_ms']);
    expect(columns(db, 'sync_settings_versions')).toEqual([
      'version',
      'changed_ms',
      'changed_by',
      'before',
      'after',
    ]);
    expect(columns(db, 'sync_down_seen')).toEqual(['id', 'outcome', 'at_ms']);
    const withoutRowid = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%' AND name LIKE 'sync%' ORDER BY name",
      )
      .pluck()
      .all();
    expect(withoutRowid).toEqual(['sync_batches', 'sync_down_seen', 'sync_pending', 'sync_streams']);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
  });

  it('makes the outbox id once: 16 random hex digits, one row only', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    migrate(a, configMigrations);
    migrate(b, configMigrations);
    const id = (db: Database.Database) =>
      db.prepare('SELECT outbox_id FROM sync_outbox_meta').pluck().get() as string;
    expect(id(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(id(a)).not.toBe(id(b));
    migrate(a, configMigrations);
    expect(a.prepare('SELECT COUNT(*) FROM sync_outbox_meta').pluck().get()).toBe(1);
    expect(() =>
      a.prepare("INSERT INTO sync_outbox_meta (one, outbox_id) VALUES (2, '0123456789abcdef')").run(),
    ).toThrow(/CHECK/);
  });

  it('keys batches by (stream, seq) and refuses a seq below 1', () => {
    const db = new Database(':memory:');
    migrate(db, configMigrations);
    const insert = db.prepare("INSERT INTO sync_batches VALUES ('alarms', ?, 1, 0, 0, 10, x'00')");
    insert.run(1);
    expect(() => insert.run(1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run(0)).toThrow(/CHECK/);
  });
});
