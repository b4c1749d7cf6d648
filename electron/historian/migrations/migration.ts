import type { Database } from 'better-sqlite3';

/** One numbered schema change. Each runs once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
