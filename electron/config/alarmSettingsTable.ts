import type { Database } from 'better-sqlite3';
import { AlarmSettingsSchema, type AlarmSettings } from '../../shared/alarms.js';
import { WorkerError } from '../platform/workerProtocol.js';
import { SettingsVersions, type SettingsVersion } from './settingsVersions.js';

/** One change of the site's alarm settings: who, when, and the settings before and after. */
export type AlarmSettingsVersion = SettingsVersion<AlarmSettings>;

/**
 * The site's alarm settings (migration 0006), every change kept as a version with who, when,
 * before and after — the audit an alarm-management engineer reads when a comment stopped being
 * mandatory or a shelve maximum grew. The newest version is in force. A version that no longer
 * parses is reported and passed over, so the newest readable one stays in force rather than the
 * defaults silently returning.
 */
export class AlarmSettingsTable {
  private readonly stored: SettingsVersions<AlarmSettings>;
  private readonly set: (
    settings: AlarmSettings,
    by: string,
    now: number,
    baseVersion: number | undefined,
  ) => AlarmSettingsVersion;

  constructor(db: Database, onBadRow: (message: string) => void) {
    this.stored = new SettingsVersions(
      db,
      'alarm_settings_versions',
      AlarmSettingsSchema,
      'alarm settings',
      onBadRow,
    );
    this.set = db.transaction((settings: AlarmSettings, by: string, now: number, baseVersion?: number) => {
      const { settings: before, version } = this.stored.inForce();
      if (baseVersion !== undefined && baseVersion !== version)
        throw new WorkerError(
          'CONFLICT',
          `the alarm settings were changed meanwhile (now version ${version}, edited from ${baseVersion}): reload them and edit again`,
        );
      return this.stored.append({
        version: version + 1,
        changedMs: now,
        changedBy: by,
        before,
        after: settings,
      });
    });
  }

  /** The settings in force; null when never set (the engine then uses DEFAULT_ALARM_SETTINGS). */
  current(): AlarmSettings | null {
    return this.stored.inForce().settings;
  }

  /**
   * Stores the settings as a new version, in one transaction with reading the one before; with
   * `baseVersion`, only if that is still the newest (else a CONFLICT WorkerError, nothing stored).
   */
  save(settings: AlarmSettings, by: string, now: number, baseVersion?: number): AlarmSettingsVersion {
    return this.set(settings, by, now, baseVersion);
  }

  versions(limit: number): AlarmSettingsVersion[] {
    return this.stored.list(limit);
  }
}
