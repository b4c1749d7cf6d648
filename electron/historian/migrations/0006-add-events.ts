import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * String tags and enum tags. String tags keep their texts as events: one row per change in
 * `events`, keyed (tag, ts) WITHOUT ROWID like the first samples table, so a tag's events sit
 * together in time order and a redelivered message replaces its row. Enum tags keep their
 * integer values as samples and their state table as JSON in `tags.states`.
 *
 * `tags.data_type` was checked against ('number', 'boolean'); SQLite cannot alter a CHECK, so the
 * table is rebuilt from its own stored definition with the wider check (the procedure of
 * https://sqlite.org/lang_altertable.html#otheralter), keeping whatever columns it has by then.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'add events',
  up: (db) => {
    widenDataTypeCheck(db);
    db.exec(`
      ALTER TABLE tags ADD COLUMN states TEXT;
      CREATE TABLE events (
        tag_key INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        text TEXT,
        quality INTEGER NOT NULL,
        PRIMARY KEY (tag_key, ts)
      ) WITHOUT ROWID;
    `);
  },
};

const OLD_CHECK = /CHECK\s*\(\s*data_type\s+IN\s*\(\s*'number'\s*,\s*'boolean'\s*\)\s*\)/i;
const NEW_CHECK = "CHECK (data_type IN ('number', 'boolean', 'enum', 'string'))";

function widenDataTypeCheck(db: Database): void {
  const sql = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'tags'")
    .pluck()
    .get();
  if (typeof sql !== 'string' || !OLD_CHECK.test(sql)) {
    throw new Error('migration 6: the tags table does not have the data type check it expects');
  }
  const widened = sql
    .replace(OLD_CHECK, NEW_CHECK)
    .replace(/^CREATE TABLE\s+"?tags"?/i, 'CREATE TABLE tags_widened');
  db.exec(`
    ${widened};
    INSERT INTO tags_widened SELECT * FROM tags;
    DROP TABLE tags;
    ALTER TABLE tags_widened RENAME TO tags;
  `);
}
