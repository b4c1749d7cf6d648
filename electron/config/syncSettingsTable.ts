import type { Database, Statement } from 'better-sqlite3';
import { describeZodError } from '../../shared/errors.js';
import { SyncSettingsSchema, type SyncSettings } from '../../shared/sync.js';
import type { SaveSettingsOutcome } from '../sync/ports.js';
import { parseStored } from './storedJson.js';

interface VersionRow {
  version: number;
  changed_ms: number;
  changed_by: string;
  before: string | null;
  after: string;
}

/** What saving changed, for the audit record the outbox writes in the same transaction. */
export interface SyncSettingsChange {
  version: number;
  before: SyncSettings;
  after: SyncSettings;
}

/**
 * The site's sync settings (migration 0008), every change a version with who, when, before and
 * after, as alarm settings keep theirs. The newest readable version is in force; before the
 * first save the defaults are (sync off, no cloud broker). A save names the version it was
 * edited from and is refused as a CONFLICT if someone saved in between.
 */
export class SyncSettingsTable {
  private readonly newest: Statement<[number], VersionRow>;
  private readonly add: Statement;
  private cached: { settings: SyncSettings; version: number } | null = null;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.newest = db.prepare('SELECT * FROM sync_settings_versions ORDER BY version DESC LIMIT ?');
    this.add = db.prepare(`
      INSERT INTO sync_settings_versions (version, changed_ms, changed_by, before, after)
      VALUES (@version, @changedMs, @changedBy, @before, @after)`);
  }

  /** The settings in force and their version (0: never saved, the defaults). */
  current(): { settings: SyncSettings; version: number } {
    this.cached ??= this.read();
    return this.cached;
  }

  /**
   * Stores a new version; call inside a transaction (SyncOutbox.saveSettings). Answers the
   * change, or a refusal; `forget()` must follow a rolled-back transaction.
   */
  save(
    input: unknown,
    baseVersion: number,
    by: string,
    now: number,
  ): SaveSettingsOutcome | SyncSettingsChange {
    const parsed = SyncSettingsSchema.safeParse(input);
    if (!parsed.success) return { ok: false, code: 'INVALID', message: describeZodError(parsed.error) };
    const { settings: before, version } = this.read();
    if (version !== baseVersion)
      return {
        ok: false,
        code: 'CONFLICT',
        message: `the sync settings were changed meanwhile (now version ${version}, edited from ${baseVersion}): reload them and edit again`,
      };
    const next = { version: version + 1, before, after: parsed.data };
    this.add.run({
      version: next.version,
      changedMs: now,
      changedBy: by,
      before: version === 0 ? null : JSON.stringify(before),
      after: JSON.stringify(parsed.data),
    });
    this.cached = { settings: parsed.data, version: next.version };
    return next;
  }

  /** Drops the cached settings (after a transaction that saved them was rolled back). */
  forget(): void {
    this.cached = null;
  }

  private read(): { settings: SyncSettings; version: number } {
    // Newest first, until one reads: a bad version does not silently bring the defaults back.
    // The version answered is the newest stored, so the next save numbers after it.
    let newest: number | null = null;
    for (const row of this.newest.iterate(Number.MAX_SAFE_INTEGER)) {
      newest ??= row.version;
      const settings = this.parse(row.after, row.version);
      if (settings) return { settings, version: newest };
    }
    return { settings: SyncSettingsSchema.parse({}), version: newest ?? 0 };
  }

  private parse(text: string, version: number): SyncSettings | null {
    return parseStored(text, SyncSettingsSchema, `sync settings version ${version}`, this.onBadRow);
  }
}
