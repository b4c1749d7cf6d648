import type { ConfigDb } from '../config/configDb.js';
import type { Handlers } from './dispatcher.js';

/** What the journal's methods read: config.db, through its worker. */
export type AlarmJournalStore = Pick<
  ConfigDb,
  'queryAlarmJournal' | 'alarmKpiReport' | 'alarmSettingsVersions'
>;

/**
 * The alarm journal, its performance report and the settings' history over config.db. Queries
 * and the report run in the config worker, so a year's report never holds up the main thread.
 * (The engine's methods — list, actions, settings — are in alarmHandlers.ts.)
 */
export function alarmJournalHandlers(
  store: AlarmJournalStore,
): Pick<Handlers, 'alarms.queryJournal' | 'alarms.getKpiReport' | 'alarms.listSettingsVersions'> {
  return {
    'alarms.queryJournal': ({ filter, limit, beforeSeq }) =>
      store.queryAlarmJournal(beforeSeq === undefined ? { filter, limit } : { filter, limit, beforeSeq }),
    'alarms.getKpiReport': ({ from, to }) => store.alarmKpiReport(from, to),
    'alarms.listSettingsVersions': async ({ limit }) => ({
      versions: await store.alarmSettingsVersions(limit),
    }),
  };
}
