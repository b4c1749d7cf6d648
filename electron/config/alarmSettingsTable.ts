import type { Database, Statement } from 'better-sqlite3';
import { AlarmSettingsSchema, type AlarmSettings } from '../../shared/alarms.js';
import { parseStored } from './storedJson.js';

interface VersionRow {
  version: number;
  changed_ms: number;
  changed_by: string;
  before: string | null;
  after: string;
}

/** One change of the site's alarm settings: who, when, and the settings before and after. */
export interface AlarmSettingsVersion {
  version: number;
  changedMs: number;
  changedBy: string;
  /** Null for the first change (the defaults were in force before it). */
  before: AlarmSettings | null;
  after: AlarmSettings;
}

/**
 * The site's alarm settings (migration 0006), every change kept as a version with who, when,
 * before and after — the audit an alarm-management engineer reads when a comment stopped being
 * mandatory or a shelve maximum grew. The newest version is in force. A version that no longer
 * parses is reported and passed over, so the newest readable one stays in force rather than the
 * defaults silently returning.
 */
export class AlarmSettingsTable {
  private readonly newest: Statement<[number], VersionRow>;
  private readonly add: Statement;
  private readonly set: (settings: AlarmSettings, by: string, now: number) => AlarmSettingsVersion;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.newest = db.prepare('SELECT * FROM alarm_settings_versions ORDER BY version DESC LIMIT ?');
    this.add = db.prepare(`
      INSERT INTO alarm_settings_versions (version, changed_ms, changed_by, before, after)
      VALUES (@version, @changedMs, @changedBy, @before, @after)`);
    this.set = db.transaction((settings: AlarmSettings, by: string, now: number) => {
      const [last] = this.newest.all(1);
      const version: AlarmSettingsVersion = {
        version: (last?.version ?? 0) + 1,
        changedMs: now,
        changedBy: by,
        before: this.current(),
        after: settings,
      };
      this.add.run({
        ...version,
        before: version.before === null ? null : JSON.stringify(version.before),
        after: JSON.stringify(settings),
      });
      return version;
    });
  }

  /** The settings in force; null when never set (the engine then uses DEFAULT_ALARM_SETTINGS). */
  current(): AlarmSettings | null {
    // Newest first, until one reads: a bad version does not bring the defaults back.
    for (const row of this.newest.iterate(Number.MAX_SAFE_INTEGER)) {
      const settings = this.parse(row.after, row.version);
      if (settings) return settings;
    }
    return null;
  }

  /** Stores the settings as a new version, in one transaction with reading the one before. */
  save(settings: AlarmSettings, by: string, now: number): AlarmSettingsVersion {
    return this.set(settings, by, now);
  }

  versions(limit: number): AlarmSettingsVersion[] {
    return this.newest.all(limit).flatMap((row) => {
      const after = this.parse(row.after, row.version);
      if (!after) return [];
      const before = row.before === null ? null : this.parse(row.before, row.version);
      return [{ version: row.version, changedMs: row.changed_ms, changedBy: row.changed_by, before, after }];
    });
  }

  private parse(text: string, version: number): AlarmSettings | null {
    return parseStored(text, AlarmSettingsSchema, `alarm settings version ${version}`, this.onBadRow);
  }
}
