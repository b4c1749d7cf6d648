import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0006 } from '../../../../../electron/historian/migrations/0006-add-events.js';
import { historianMigrations, migrate } from '../../../../../electron/historian/migrations/index.js';

/** A file as the schema before events left it: every migration older than 0006 applied. */
function fileBefore(): Database.Database {
  const db = new Database(':memory:');
  migrate(
    db,
    historianMigrations.filter((m) => m.version < migration0006.version),
  );
  db.prepare(
    `INSERT INTO tags (key, id, device, name, description, unit, data_type, eng_low, eng_high, created_ms)
     VALUES (1, 'line1/pump1/flow', 'line1/pump1', 'flow', 'Discharge flow', 'm³/h', 'number', 0, 200, 5)`,
  ).run();
  db.prepare('INSERT INTO samples (tag_key, ts, value, quality) VALUES (1, 1000, 42.5, 0)').run();
  return db;
}

/** Up to and including 0006, as a file of that version is opened. */
const upTo0006 = historianMigrations.filter((m) => m.version <= migration0006.version);

const insertTag = (db: Database.Database, key: number, dataType: string) =>
  db
    .prepare(
      `INSERT INTO tags (key, id, device, name, data_type, created_ms) VALUES (?, ?, 'a/b', 'c', ?, 0)`,
    )
    .run(key, `a/b/c${key}`, dataType);

describe('migration 0006: add events', () => {
  it('is number 6 and comes after every older migration', () => {
    expect(migration0006.version).toBe(6);
    const versions = historianMigrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(historianMigrations.find((m) => m.version === 6)).toBe(migration0006);
  });

  it('keeps every tag and sample, and lets tags be enums and strings but nothing else', () => {
    const db = fileBefore();
    migrate(db, upTo0006);
    expect(db.pragma('user_version', { simple: true })).toBe(6);
    expect(db.prepare('SELECT * FROM tags').all()).toEqual([
      {
        key: 1,
        id: 'line1/pump1/flow',
        device: 'line1/pump1',
        name: 'flow',
        description: 'Discharge flow',
        unit: 'm³/h',
        data_type: 'number',
        eng_low: 0,
        eng_high: 200,
        created_ms: 5,
        states: null,
      },
    ]);
    expect(db.prepare('SELECT value FROM samples').pluck().get()).toBe(42.5);
    insertTag(db, 2, 'enum');
    insertTag(db, 3, 'string');
    expect(() => insertTag(db, 4, 'text')).toThrow(/CHECK constraint failed/);
    expect(() => insertTag(db, 1, 'number')).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('adds an events table keyed by tag and time, without rowids', () => {
    const db = fileBefore();
    migrate(db, upTo0006);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get() as string;
    expect(sql).toMatch(/PRIMARY KEY \(tag_key, ts\)\s*\) WITHOUT ROWID/);
    const insert = db.prepare('INSERT INTO events (tag_key, ts, text, quality) VALUES (?, ?, ?, ?)');
    insert.run(3, 1000, 'B1', 0);
    insert.run(3, 2000, null, 0x80740000);
    expect(() => insert.run(3, 1000, 'again', 0)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.prepare('SELECT text FROM events ORDER BY ts').pluck().all()).toEqual(['B1', null]);
  });

  it('refuses, and leaves the file as it was, when the tags table is not the one it expects', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE tags (key INTEGER PRIMARY KEY, id TEXT, data_type TEXT);
             PRAGMA user_version = 5;`);
    expect(() => migrate(db, upTo0006)).toThrow(/migration 6: the tags table/);
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'events'").get()).toBeUndefined();
  });
});
