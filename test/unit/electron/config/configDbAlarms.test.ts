import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_SETTINGS } from '../../../../shared/alarms.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { alarmState, journalLine } from '../../../helpers/alarmJournalLines.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';

const DAY = 86_400_000;
const FILTER = { from: 0, to: 8.64e15 };

describe('the alarm store on config.db, through its worker', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let config: ConfigDb | null = null;
  const start = async () => {
    config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await config.start();
    return config;
  };
  beforeEach(() => (dir = makeTempDir()));
  afterEach(async () => {
    await config?.stop();
    dir.remove();
  });

  it('restores the states a batch wrote on the next start, with its journal', async () => {
    // Recent: retention runs at every start.
    const recent = journalLine({ ts: Date.now() });
    const first = await start();
    expect(await first.loadAlarmStates()).toEqual([]);
    expect(await first.alarmSettings()).toBeNull();
    await first.writeAlarmBatch({ states: [alarmState()], removed: [], journal: [recent] });
    await first.setAlarmSettings({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 90 }, 'erin', 5_000);
    await first.stop();

    const second = await start();
    expect(await second.loadAlarmStates()).toEqual([alarmState()]);
    expect(await second.alarmSettings()).toEqual({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 90 });
    expect(await second.alarmSettingsVersions(5)).toMatchObject([{ version: 1, changedBy: 'erin' }]);
    expect(await second.queryAlarmJournal({ filter: FILTER, limit: 5 })).toEqual({
      entries: [{ seq: 1, ...recent }],
      more: false,
    });
  });

  it('deletes journal lines past the retention at start, and at once when the retention is shortened', async () => {
    const now = Date.now();
    // Written before the worker starts, as lines left by a long-running site.
    const seed = new ConfigStore(new Database(`${dir.path}/config.db`));
    seed.alarms.saveSettings({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 30 }, 'erin', now);
    seed.alarms.writeBatch({
      states: [],
      removed: [],
      journal: [now - 40 * DAY, now - 31 * DAY, now - 10 * DAY, now - DAY].map((ts) => journalLine({ ts })),
    });
    seed.close();

    const db = await start();
    const kept = async () =>
      (await db.queryAlarmJournal({ filter: FILTER, limit: 10 })).entries.map((e) =>
        Math.round((now - e.ts) / DAY),
      );
    await waitFor('retention at start', async () => (await kept()).length === 2);
    expect(await kept()).toEqual([1, 10]);

    await db.setAlarmSettings({ ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 5 }, 'erin', now);
    await waitFor('retention after the change', async () => (await kept()).length === 1);
    expect(await kept()).toEqual([1]);
  });
});
