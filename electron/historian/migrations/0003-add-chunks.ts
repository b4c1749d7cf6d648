import type { Migration } from './migration.js';

/**
 * Sealed, compressed chunks of samples (codec/chunkCodec.ts): the long-term layout. Recent
 * samples stay row by row in `samples` until a tag has a chunk's worth; then they are sealed
 * here. Each chunk's summary (first, last, min, max, worst quality, whether it holds a gap)
 * sits in `chunks`, apart from its bytes in `chunk_data`, so that a chart over a long span reads
 * a few compact summary rows per pixel column and never pages through the blobs. Compacted
 * chunks also keep `blocks`: the same summary for each 512 samples, for medium spans.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'add chunks',
  up: (db) => {
    db.exec(`
      CREATE TABLE chunk_data (
        id INTEGER PRIMARY KEY,
        data BLOB NOT NULL
      );
      CREATE TABLE chunks (
        tag_key INTEGER NOT NULL,
        start_ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL,
        count INTEGER NOT NULL,
        first REAL,
        last REAL,
        min REAL,
        max REAL,
        worst_quality INTEGER NOT NULL,
        has_gap INTEGER NOT NULL,
        data_id INTEGER NOT NULL,
        blocks BLOB,
        PRIMARY KEY (tag_key, start_ts)
      ) WITHOUT ROWID;
    `);
  },
};
