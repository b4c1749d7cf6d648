import type { Migration } from '../../platform/sqliteMigrations.js';

/**
 * Model bindings (shared/modelBindings.ts), versioned like tag configuration: `model_bindings`
 * holds what is in force, one row per binding; every change adds a row to
 * `model_binding_versions` with who, when, and the binding before and after — after is NULL
 * for a deletion — in the same transaction. Bindings are JSON, parsed with the contract's
 * schema whenever read back. (Numbered 0007: the alarm work takes 0006.)
 */
export const migration0007: Migration = {
  version: 7,
  name: 'add model bindings',
  up: (db) => {
    db.exec(`
      CREATE TABLE model_bindings (
        id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        binding TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE model_binding_versions (
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        changed_ms INTEGER NOT NULL,
        changed_by TEXT NOT NULL,
        before TEXT,
        after TEXT,
        PRIMARY KEY (id, version)
      ) WITHOUT ROWID;
    `);
  },
};
