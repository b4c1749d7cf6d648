import { describe, expect, it } from 'vitest';
import { SyncSettingsSchema } from '../../../../shared/sync.js';
import { useConfigStore } from '../../../helpers/configStoreFixture.js';

const DEFAULTS = SyncSettingsSchema.parse({});

describe('the sync settings in config.db', () => {
  const config = useConfigStore();

  it('keeps the newest readable version in force when a newer one is not JSON, and saves after the newest stored', () => {
    config.store.outbox.saveSyncSettings({ ...DEFAULTS, metered: true }, 0, 'erin');
    config.store.outbox.saveSyncSettings({ ...DEFAULTS, rollupSeconds: 120 }, 1, 'erin');
    config.corrupt('UPDATE sync_settings_versions SET after = \'{"enabled":\' WHERE version = 2');
    expect(config.store.outbox.syncSettings()).toEqual({
      settings: { ...DEFAULTS, metered: true },
      version: 2,
    });
    expect(config.badRows).toEqual(['sync settings version 2 is not valid JSON; passed over it']);
    expect(config.store.outbox.saveSyncSettings({ ...DEFAULTS, metered: false }, 2, 'sam')).toEqual({
      ok: true,
      version: 3,
    });
    expect(config.store.outbox.syncSettings()).toEqual({ settings: DEFAULTS, version: 3 });
  });

  it('falls back to the defaults when no version reads, reporting each', () => {
    config.store.outbox.saveSyncSettings({ ...DEFAULTS, metered: true }, 0, 'erin');
    config.corrupt('UPDATE sync_settings_versions SET after = \'{"rollupSeconds":1}\' WHERE version = 1');
    expect(config.store.outbox.syncSettings()).toEqual({ settings: DEFAULTS, version: 1 });
    expect(config.badRows).toEqual([
      expect.stringMatching(/^sync settings version 1 does not parse \(rollupSeconds: .+\); passed over it$/),
    ]);
  });
});
