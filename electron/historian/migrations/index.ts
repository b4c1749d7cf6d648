import type { Database } from 'better-sqlite3';
import { migration0001 } from './0001-create-tags-and-samples.js';
import { migration0002 } from './0002-add-sample-tail.js';
import { migration0003 } from './0003-add-chunks.js';
import { migration0004 } from './0004-add-rollups.js';
import { migration0005 } from './0005-add-tag-compression.js';
import { migration0006 } from './0006-add-events.js';
import { migration0007 } from './0007-store-tail-as-batches.js';
import type { Migration } from './migration.js';

export const historianMigrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
];

/**
 * Brings a database up to the newest schema, recording the version in `user_version`. A file
 * from a newer Watchkeeper is refused rather than guessed at.
 */
export function migrate(db: Database, migrations: readonly Migration[] = historianMigrations): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw Object.assign(
      new Error(`database schema ${current} is newer than this version supports (${newest})`),
      {
        code: 'SCHEMA_TOO_NEW',
      },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return newest;
}
