import type { Alarm, AlarmJournalEntry } from '../../shared/alarms.js';
import type { NewJournalEntry } from '../../electron/alarms/ports.js';

/** A stored alarm state as the engine would save it: line1/pump3/flow's limit alarm, in H. */
export function alarmState(extra: Partial<Alarm> = {}): Alarm {
  return {
    id: 'line1/pump3/flow#level',
    tag: 'line1/pump3/flow',
    family: 'level',
    area: 'line1',
    priority: 'high',
    message: 'Pump 3 flow high',
    level: 'H',
    state: 'unacked',
    active: true,
    acknowledged: false,
    latched: false,
    shelved: null,
    suppressed: false,
    outOfService: null,
    frozen: false,
    activeSinceMs: 1_000,
    changedMs: 1_000,
    value: 112.5,
    quality: 0,
    limit: 110,
    unit: 'm³/h',
    acknowledgedBy: null,
    revision: 1,
    ...extra,
  };
}

/** A journal line before the store numbers it; by default an activation of alarmState(). */
export function journalLine(extra: Partial<NewJournalEntry> = {}): NewJournalEntry {
  return {
    ts: 1_000,
    alarm: 'line1/pump3/flow#level',
    tag: 'line1/pump3/flow',
    area: 'line1',
    priority: 'high',
    message: 'Pump 3 flow high',
    from: 'normal',
    to: 'unacked',
    trigger: 'activated',
    user: null,
    station: 'station-a',
    comment: '',
    value: 112.5,
    quality: 0,
    level: 'H',
    ...extra,
  };
}

/** The line as the journal answers it, numbered. */
export function numbered(seq: number, line: NewJournalEntry): AlarmJournalEntry {
  return { seq, ...line };
}
