import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { Runtime } from '../../../../electron/runtime/runtime.js';
import { loadAlarmSettings, saveAlarmSettings } from '../../../../renderer/settings/alarmSettingsApi.js';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../../../shared/alarms.js';
import { createClient } from '../../../../shared/client.js';
import type { ControlRoomApi } from '../../../../shared/contract.js';
import type { Role } from '../../../../shared/roles.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const stricter: AlarmSettings = {
  ...DEFAULT_ALARM_SETTINGS,
  ackCommentRequired: { ...DEFAULT_ALARM_SETTINGS.ackCommentRequired, high: true },
};

/**
 * The Settings screen's loading and saving, through the typed client over the real runtime's
 * dispatcher (roles, schemas, config.db, the alarm engine), as the given user.
 */
describe('loading and saving the alarm settings', () => {
  const dir = makeTempDir('wk-settings-api-');
  let runtime: Runtime;
  const as = (user: string, role: Role): ControlRoomApi => {
    const session = runtime.live.connect({ send: () => {} });
    return createClient({
      request: (method, params) =>
        runtime.dispatch(method, params, { caller: { user, roles: [role] }, session }),
      onEvent: () => {},
    });
  };

  beforeAll(async () => {
    runtime = new Runtime(
      { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0 },
      createMemoryLogger(),
    );
    await runtime.start();
  });

  afterAll(async () => {
    await runtime?.stop();
    dir.remove();
  });

  it('loads the defaults with an empty history, and no history for a viewer', async () => {
    expect(await loadAlarmSettings(as('erin', 'engineer'), true)).toEqual({
      settings: DEFAULT_ALARM_SETTINGS,
      versions: [],
    });
    expect(await loadAlarmSettings(as('wall display', 'viewer'), false)).toEqual({
      settings: DEFAULT_ALARM_SETTINGS,
      versions: null,
    });
  });

  it('saves over the version loaded, and answers with the new version and its history', async () => {
    const outcome = await saveAlarmSettings(as('erin', 'engineer'), stricter, 0);
    expect(outcome).toMatchObject({ kind: 'saved', text: 'Saved as version 1; in force now.' });
    if (outcome.kind !== 'saved') return;
    expect(outcome.stored.settings).toEqual(stricter);
    expect(outcome.stored.versions).toMatchObject([
      { version: 1, changedBy: 'erin', before: null, after: stricter },
    ]);
    expect(runtime.alarms.alarmSettings()).toEqual(stricter);
  });

  it('is refused by the server over a version someone else saved since, naming them, and nothing is stored', async () => {
    const theirs = { ...stricter, journalRetentionDays: 365 };
    expect(await saveAlarmSettings(as('night engineer', 'admin'), theirs, 1)).toMatchObject({
      kind: 'saved',
    });
    const outcome = await saveAlarmSettings(as('erin', 'engineer'), DEFAULT_ALARM_SETTINGS, 1);
    expect(outcome.kind).toBe('stale');
    expect(outcome.text).toMatch(
      /^Not saved: night engineer saved the alarm settings at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(version 2\) since you loaded version 1\. Reload/,
    );
    const now = await loadAlarmSettings(as('erin', 'engineer'), true);
    expect(now.settings).toEqual(theirs);
    expect(now.versions).toHaveLength(2);
  });

  it("passes on the server's refusal in words, and nothing is saved", async () => {
    const outcome = await saveAlarmSettings(as('olga', 'operator'), DEFAULT_ALARM_SETTINGS, 2);
    expect(outcome.kind).toBe('refused');
    expect(outcome.text).toMatch(/^Not saved: FORBIDDEN: /);
    expect((await loadAlarmSettings(as('erin', 'engineer'), true)).versions).toHaveLength(2);
  });
});
