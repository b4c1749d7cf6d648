import type { Migration } from './migration.js';

/**
 * Sealed, compressed chunks of samples (codec/chunkCodec.ts): the long-term layout. Recent
 * samples stay row by row in `samples` until a tag has a chunk's worth; then they are sealed
 * here. Each chunk carries its summary (first, last, min, max, worst quality, whether it holds
 * a gap) so that a chart over a long span reads summaries, not samples. A rowid table, because
 * chunk blobs are too large for the compact rows WITHOUT ROWID suits.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'add chunks',
  up: (db) => {
    db.exec(`
      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
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
        data BLOB NOT NULL
      );
      CREATE UNIQUE INDEX chunks_by_tag_time ON chunks (tag_key, start_ts, end_ts);
    `);
  },
};
