import type { Migration } from './migration.js';

/**
 * The hot tail as whole batches (see sampleTail.ts): one row per batch the worker received,
 * its four columns as little-endian typed-array blobs, instead of one row per sample. A batch
 * of thousands of samples is then one short insert, and the tail is held in memory for reads.
 * Rows a crash left in the old table become the first batch, in their arrival order.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'store the tail as batches',
  up: (db) => {
    db.exec(`
      CREATE TABLE sample_tail_batches (
        id INTEGER PRIMARY KEY,
        count INTEGER NOT NULL,
        tag_keys BLOB NOT NULL,
        ts BLOB NOT NULL,
        vals BLOB NOT NULL,
        qualities BLOB NOT NULL
      );
    `);
    const rows = db
      .prepare('SELECT tag_key, ts, value, quality FROM sample_tail ORDER BY rowid')
      .raw(true)
      .all() as [number, number, number | null, number][];
    if (rows.length > 0) {
      const blob = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      db.prepare(
        'INSERT INTO sample_tail_batches (count, tag_keys, ts, vals, qualities) VALUES (?, ?, ?, ?, ?)',
      ).run(
        rows.length,
        blob(Int32Array.from(rows, (row) => row[0])),
        blob(Float64Array.from(rows, (row) => row[1])),
        blob(Float64Array.from(rows, (row) => row[2] ?? NaN)),
        blob(Uint32Array.from(rows, (row) => row[3])),
      );
    }
    db.exec('DROP TABLE sample_tail;');
  },
};
