import type { Database } from 'better-sqlite3';

/** One numbered schema change. Each runs once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * Brings a database up to the newest schema of `migrations`, recording the version in
 * `user_version`. A file from a newer Watchkeeper is refused rather than guessed at. Any SQLite
 * file of the app can use it; the historian keeps its own copy for now (historian/migrations).
 */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw Object.assign(
      new Error(`database schema ${current} is newer than this version supports (${newest})`),
      { code: 'SCHEMA_TOO_NEW' },
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
