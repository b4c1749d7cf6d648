import type { AlarmEngine } from '../alarms/alarmEngine.js';
import type { Handlers } from './dispatcher.js';

export type AlarmService = Pick<
  AlarmEngine,
  | 'list'
  | 'acknowledge'
  | 'shelve'
  | 'unshelve'
  | 'setOutOfService'
  | 'returnToService'
  | 'reset'
  | 'addNote'
  | 'alarmSettings'
  | 'setAlarmSettings'
>;

export type AlarmStateMethods =
  | 'alarms.list'
  | 'alarms.acknowledge'
  | 'alarms.shelve'
  | 'alarms.unshelve'
  | 'alarms.setOutOfService'
  | 'alarms.returnToService'
  | 'alarms.reset'
  | 'alarms.addNote'
  | 'alarms.getSettings'
  | 'alarms.setSettings';

/**
 * The alarm engine's methods: the list, operator actions and settings. Who acted is the caller
 * the transport vouches for, never a field of the request; each alarm named is answered on its
 * own (done, or refused with the reason). The journal and report are in alarmJournalHandlers.ts.
 */
export function alarmHandlers(alarms: AlarmService): Pick<Handlers, AlarmStateMethods> {
  return {
    'alarms.list': () => alarms.list(),
    'alarms.acknowledge': ({ ids, comment }, { caller }) => alarms.acknowledge(ids, comment, caller.user),
    'alarms.shelve': ({ ids, mode, durationMs, reason }, { caller }) =>
      alarms.shelve(ids, mode, durationMs, reason, caller.user),
    'alarms.unshelve': ({ ids, comment }, { caller }) => alarms.unshelve(ids, comment, caller.user),
    'alarms.setOutOfService': ({ ids, reason }, { caller }) =>
      alarms.setOutOfService(ids, reason, caller.user),
    'alarms.returnToService': ({ ids, comment }, { caller }) =>
      alarms.returnToService(ids, comment, caller.user),
    'alarms.reset': ({ ids, comment }, { caller }) => alarms.reset(ids, comment, caller.user),
    'alarms.addNote': ({ id, comment }, { caller }) => alarms.addNote(id, comment, caller.user),
    'alarms.getSettings': () => alarms.alarmSettings(),
    'alarms.setSettings': ({ baseVersion, ...settings }, { caller }) =>
      alarms.setAlarmSettings(settings, caller.user, baseVersion),
  };
}
