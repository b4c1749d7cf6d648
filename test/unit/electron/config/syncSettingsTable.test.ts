import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { SyncSettingsSchema } from '../../../../shared/sync.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const DEFAULTS = SyncSettingsSchema.parse({});

describe('the sync settings in config.db', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let store: ConfigStore;
  const badRows: string[] = [];
  const open = () => new ConfigStore(new Database(`${dir.path}/config.db`), (line) => badRows.push(line));
  /** Writes into the file behind the store's back, then opens it again (the settings are cached). */
  const corrupt = (sql: string) => {
    store.close();
    const db = new Database(`${dir.path}/config.db`);
    db.prepare(sql).run();
    db.close();
    store = open();
  };
  beforeEach(() => {
    dir = makeTempDir();
    badRows.length = 0;
    store = open();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('keeps the newest readable version in force when a newer one is not JSON, and saves after the newest stored', () => {
    store.outbox.saveSyncSettings({ ...DEFAULTS, metered: true }, 0, 'erin');
    store.outbox.saveSyncSettings({ ...DEFAULTS, rollupSeconds: 120 }, 1, 'erin');
    corrupt('UPDATE sync_settings_versions SET after = \'{"enabled":\' WHERE version = 2');
    expect(store.outbox.syncSettings()).toEqual({ settings: { ...DEFAULTS, metered: true }, version: 2 });
    expect(badRows).toEqual(['sync settings version 2 is not valid JSON; passed over it']);
    expect(store.outbox.saveSyncSettings({ ...DEFAULTS, metered: false }, 2, 'sam')).toEqual({
      ok: true,
      version: 3,
    });
    expect(store.outbox.syncSettings()).toEqual({ settings: DEFAULTS, version: 3 });
  });

  it('falls back to the defaults when no version reads, reporting each', () => {
    store.outbox.saveSyncSettings({ ...DEFAULTS, metered: true }, 0, 'erin');
    corrupt('UPDATE sync_settings_versions SET after = \'{"rollupSeconds":1}\' WHERE version = 1');
    expect(store.outbox.syncSettings()).toEqual({ settings: DEFAULTS, version: 1 });
    expect(badRows).toEqual([
      expect.stringMatching(/^sync settings version 1 does not parse \(rollupSeconds: .+\); passed over it$/),
    ]);
  });
});
