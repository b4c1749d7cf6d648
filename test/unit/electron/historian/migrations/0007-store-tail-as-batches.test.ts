import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HistorianStore } from '../../../../../electron/historian/historianStore.js';
import { migration0007 } from '../../../../../electron/historian/migrations/0007-store-tail-as-batches.js';
import { historianMigrations, migrate } from '../../../../../electron/historian/migrations/index.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';

/** A file as the schema before 0007 left it after a crash: samples still in the row-per-sample tail. */
function fileBefore(path: string): void {
  const db = new Database(path);
  migrate(
    db,
    historianMigrations.filter((m) => m.version < migration0007.version),
  );
  db.prepare(
    `INSERT INTO tags (key, id, device, name, description, unit, data_type, eng_low, eng_high, created_ms)
     VALUES (1, 'line1/pump1/flow', 'line1/pump1', 'flow', '', 'm³/h', 'number', NULL, NULL, 5)`,
  ).run();
  const insert = db.prepare('INSERT INTO sample_tail (tag_key, ts, value, quality) VALUES (?, ?, ?, ?)');
  insert.run(1, 2000, 2, 0);
  insert.run(1, 1000, 1, 0);
  insert.run(1, 3000, null, 0x80000000);
  insert.run(1, 2000, 22, 0); // a redelivery: the later one wins
  db.close();
}

describe('migration 0007: store the tail as batches', () => {
  it('is number 7', () => {
    expect(migration0007.version).toBe(7);
    expect(historianMigrations.at(-1)).toBe(migration0007);
  });

  it('turns the rows a crash left in the old tail into one batch, in their arrival order', () => {
    const dir = makeTempDir();
    try {
      fileBefore(`${dir.path}/h.db`);
      const db = new Database(`${dir.path}/h.db`);
      migrate(db);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'sample_tail'").get()).toBeUndefined();
      const [count, ts] = db.prepare('SELECT count, ts FROM sample_tail_batches').raw(true).get() as [
        number,
        Buffer,
      ];
      expect(count).toBe(4);
      expect([...new Float64Array(ts.buffer.slice(ts.byteOffset, ts.byteOffset + ts.byteLength))]).toEqual([
        2000, 1000, 3000, 2000,
      ]);
      db.close();
    } finally {
      dir.remove();
    }
  });

  it('lets the historian replay those rows on open, a redelivery replacing the first', () => {
    const dir = makeTempDir();
    try {
      fileBefore(`${dir.path}/h.db`);
      const store = new HistorianStore(new Database(`${dir.path}/h.db`));
      expect(
        store.queryRange({ key: 1, tag: 'line1/pump1/flow', from: 0, to: 5000, maxPoints: 100 }).points,
      ).toEqual({
        ts: [1000, 2000, 3000],
        value: [1, 22, null],
        quality: [0, 0, 0x80000000],
      });
      store.close();
    } finally {
      dir.remove();
    }
  });
});
