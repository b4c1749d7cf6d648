import type { AlarmJournalState, AlarmTrigger } from '../../shared/alarms.js';

/** The journal's states and triggers in the words the screens and filters use. */

export const JOURNAL_STATE_WORDS: Readonly<Record<AlarmJournalState, string>> = {
  normal: 'Normal',
  unacked: 'Unacknowledged',
  acked: 'Acknowledged',
  rtnUnacked: 'Returned, unacknowledged',
  latched: 'Latched',
  shelved: 'Shelved',
  suppressed: 'Suppressed',
  outOfService: 'Out of service',
};

export function journalStateWords(state: AlarmJournalState): string {
  return JOURNAL_STATE_WORDS[state];
}

export const TRIGGER_WORDS: Readonly<Record<AlarmTrigger, string>> = {
  activated: 'Raised',
  escalated: 'Escalated',
  levelChanged: 'Level changed',
  cleared: 'Cleared',
  reAlarm: 'Re-alarm',
  frozen: 'Frozen (bad value)',
  unfrozen: 'Unfrozen',
  acknowledged: 'Acknowledged',
  shelved: 'Shelved',
  unshelved: 'Unshelved',
  shelveExpired: 'Shelve expired',
  suppressed: 'Suppressed',
  unsuppressed: 'Unsuppressed',
  outOfService: 'Out of service',
  returnedToService: 'Returned to service',
  reset: 'Reset',
  note: 'Note',
  restored: 'Restored at start',
  definitionChanged: 'Definition changed',
  definitionRemoved: 'Definition removed',
};
