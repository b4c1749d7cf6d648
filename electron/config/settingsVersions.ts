import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { parseStored, type StoredVersionRow } from './storedJson.js';

/** One change of a site's settings: who, when, and the settings before and after. */
export interface SettingsVersion<T> {
  version: number;
  changedMs: number;
  changedBy: string;
  /** Null for the first change (the defaults were in force before it). */
  before: T | null;
  after: T;
}

/** The tables that keep site settings this way; named here, as they go into SQL text. */
export type SettingsVersionsTable = 'alarm_settings_versions' | 'sync_settings_versions';

/**
 * Site settings kept as versions (alarm settings, migration 0006; sync settings, 0008): every
 * change a row with who, when, before and after, only ever added. The newest version that reads
 * is in force. One that no longer parses is reported and passed over, so an older readable
 * version stays in force rather than the defaults silently returning — and the next save still
 * numbers after it, so no version number is ever used twice.
 */
export class SettingsVersions<T> {
  private readonly newest: Statement<[number], StoredVersionRow>;
  private readonly add: Statement;

  constructor(
    db: Database,
    table: SettingsVersionsTable,
    private readonly schema: z.ZodType<T>,
    /** How a report names them: "alarm settings". */
    private readonly what: string,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.newest = db.prepare(`SELECT * FROM ${table} ORDER BY version DESC LIMIT ?`);
    this.add = db.prepare(`
      INSERT INTO ${table} (version, changed_ms, changed_by, before, after)
      VALUES (@version, @changedMs, @changedBy, @before, @after)`);
  }

  /** The newest settings that read (null: none does) and the newest version stored (0: none). */
  inForce(): { settings: T | null; version: number } {
    let newest: number | null = null;
    for (const row of this.newest.iterate(Number.MAX_SAFE_INTEGER)) {
      newest ??= row.version;
      const settings = this.parse(row.after, row.version);
      if (settings !== null) return { settings, version: newest };
    }
    return { settings: null, version: newest ?? 0 };
  }

  /** Newest first, at most `limit`; a version whose settings after it do not read is passed over. */
  list(limit: number): SettingsVersion<T>[] {
    return this.newest.all(limit).flatMap((row) => {
      const after = this.parse(row.after, row.version);
      if (after === null) return [];
      const before = row.before === null ? null : this.parse(row.before, row.version);
      return [{ version: row.version, changedMs: row.changed_ms, changedBy: row.changed_by, before, after }];
    });
  }

  /**
   * Stores a change; call inside the transaction that read `inForce()`, with the version after
   * the one it answered, so nothing can be saved in between.
   */
  append(change: SettingsVersion<T>): SettingsVersion<T> {
    this.add.run({
      ...change,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: JSON.stringify(change.after),
    });
    return change;
  }

  private parse(text: string, version: number): T | null {
    return parseStored(text, this.schema, `${this.what} version ${version}`, this.onBadRow);
  }
}
