import Database from 'better-sqlite3';
import { afterEach, beforeEach } from 'vitest';
import { ConfigStore } from '../../electron/config/configStore.js';
import { makeTempDir } from './tempDir.js';

export interface ConfigStoreFixture {
  /** The store open on the current test's file (a new one after reopen or corrupt). */
  readonly store: ConfigStore;
  /** What the store reported as passed over, in order, since the test began. */
  readonly badRows: string[];
  /** The config.db file, for a test that writes into it itself while the store is open. */
  readonly path: string;
  /** Closes the store and opens the same file again, as after a restart. */
  reopen(): ConfigStore;
  /**
   * Writes into the file behind the store's back, then opens it again (some tables are cached
   * when opened). With no parameters `sql` may hold several statements.
   */
  corrupt(sql: string, ...params: unknown[]): ConfigStore;
}

/**
 * A real config.db in a fresh temp folder for each test of the calling describe: registers the
 * beforeEach that opens it and the afterEach that closes and removes it.
 */
export function useConfigStore(): ConfigStoreFixture {
  let dir: ReturnType<typeof makeTempDir> | null = null;
  let store: ConfigStore | null = null;
  const badRows: string[] = [];
  const path = () => {
    if (!dir) throw new Error('the config.db fixture is used outside a test');
    return `${dir.path}/config.db`;
  };
  const open = () => (store = new ConfigStore(new Database(path()), (line) => badRows.push(line)));
  const current = () => {
    if (!store) throw new Error('the config.db fixture is used outside a test');
    return store;
  };
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    open();
  });
  afterEach(() => {
    store?.close();
    store = null;
    dir?.remove();
    dir = null;
  });
  return {
    get store() {
      return current();
    },
    badRows,
    get path() {
      return path();
    },
    reopen() {
      current().close();
      return open();
    },
    corrupt(sql, ...params) {
      current().close();
      const db = new Database(path());
      try {
        if (params.length === 0) db.exec(sql);
        else db.prepare(sql).run(...params);
      } finally {
        db.close();
      }
      return open();
    },
  };
}
