import type { Database } from 'better-sqlite3';
import { describeZodError } from '../../shared/errors.js';
import { SyncSettingsSchema, type SyncSettings } from '../../shared/sync.js';
import type { SaveSettingsOutcome } from '../sync/ports.js';
import { SettingsVersions } from './settingsVersions.js';

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
  private readonly stored: SettingsVersions<SyncSettings>;
  private cached: { settings: SyncSettings; version: number } | null = null;

  constructor(db: Database, onBadRow: (message: string) => void) {
    this.stored = new SettingsVersions(
      db,
      'sync_settings_versions',
      SyncSettingsSchema,
      'sync settings',
      onBadRow,
    );
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
    // The first version's before is stored as null: the defaults were in force, not a version.
    this.stored.append({ ...next, changedMs: now, changedBy: by, before: version === 0 ? null : before });
    this.cached = { settings: parsed.data, version: next.version };
    return next;
  }

  /** Drops the cached settings (after a transaction that saved them was rolled back). */
  forget(): void {
    this.cached = null;
  }

  private read(): { settings: SyncSettings; version: number } {
    const { settings, version } = this.stored.inForce();
    return { settings: settings ?? SyncSettingsSchema.parse({}), version };
  }
}
