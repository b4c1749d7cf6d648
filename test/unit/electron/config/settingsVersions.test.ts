import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configMigrations } from '../../../../electron/config/migrations/index.js';
import { SettingsVersions } from '../../../../electron/config/settingsVersions.js';
import { migrate } from '../../../../electron/platform/sqliteMigrations.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const Settings = z.object({ limit: z.number().int().min(1) });
type Settings = z.infer<typeof Settings>;

describe('settings kept as versions', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let versions: SettingsVersions<Settings>;
  const badRows: string[] = [];
  const open = () => {
    db = new Database(`${dir.path}/config.db`);
    migrate(db, configMigrations);
    versions = new SettingsVersions(db, 'sync_settings_versions', Settings, 'test settings', (line) =>
      badRows.push(line),
    );
  };
  const save = (after: Settings, now: number) => {
    const { settings: before, version } = versions.inForce();
    return versions.append({ version: version + 1, changedMs: now, changedBy: 'erin', before, after });
  };
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    open();
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('keeps every change with who, when, before and after across a reopen; the newest is in force', () => {
    expect(versions.inForce()).toEqual({ settings: null, version: 0 });
    save({ limit: 1 }, 1_000);
    save({ limit: 2 }, 2_000);
    db.close();
    open();
    expect(versions.inForce()).toEqual({ settings: { limit: 2 }, version: 2 });
    expect(versions.list(10)).toEqual([
      { version: 2, changedMs: 2_000, changedBy: 'erin', before: { limit: 1 }, after: { limit: 2 } },
      { version: 1, changedMs: 1_000, changedBy: 'erin', before: null, after: { limit: 1 } },
    ]);
    expect(badRows).toEqual([]);
  });

  it('passes over a newest version that is not JSON, keeps the one before in force, and numbers the next save after it', () => {
    save({ limit: 1 }, 1_000);
    save({ limit: 2 }, 2_000);
    db.prepare('UPDATE sync_settings_versions SET after = \'{"limit":\' WHERE version = 2').run();
    expect(versions.inForce()).toEqual({ settings: { limit: 1 }, version: 2 });
    expect(save({ limit: 3 }, 3_000)).toMatchObject({ version: 3, before: { limit: 1 } });
    expect(versions.list(10).map((v) => v.version)).toEqual([3, 1]);
    // Reported at each read (in force, saving, listing): the row stays as it is for someone to mend.
    expect(badRows).toEqual(Array(3).fill('test settings version 2 is not valid JSON; passed over it'));
  });

  it('lists a version whose before no longer parses with no before, and reports it', () => {
    save({ limit: 1 }, 1_000);
    save({ limit: 2 }, 2_000);
    db.prepare('UPDATE sync_settings_versions SET before = \'{"limit":0}\' WHERE version = 2').run();
    expect(versions.list(1)).toEqual([
      { version: 2, changedMs: 2_000, changedBy: 'erin', before: null, after: { limit: 2 } },
    ]);
    expect(badRows).toEqual([expect.stringMatching(/^test settings version 2 does not parse \(limit: /)]);
  });
});
