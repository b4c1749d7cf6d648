import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Migration } from '../../../../electron/platform/sqliteMigrations.js';

const numbered = (version: number): Migration => ({
  version,
  name: `table ${version}`,
  up: (db) => db.exec(`CREATE TABLE t${version} (x)`),
});

describe('migrate', () => {
  it('runs the migrations a file has not seen, in order, and records the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [numbered(1)])).toBe(1);
    expect(migrate(db, [numbered(1), numbered(2)])).toBe(2);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['t1', 't2']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('runs each migration once', () => {
    const db = new Database(':memory:');
    migrate(db, [numbered(1)]);
    expect(() => migrate(db, [numbered(1)])).not.toThrow();
  });

  it('leaves the schema as it was when a migration fails', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half (x)');
        throw new Error('disk said no');
      },
    };
    expect(() => migrate(db, [numbered(1), broken])).toThrow(/disk said no/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db, [numbered(1)])).toThrow(/newer than this version supports/);
  });
});
