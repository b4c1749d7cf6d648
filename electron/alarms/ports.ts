import type { Alarm, AlarmAction, AlarmJournalEntry, AlarmSettings } from '../../shared/alarms.js';

/**
 * The seams between the alarm engine and what it is wired to. The engine (alarmEngine.ts) owns
 * alarm state; it persists through AlarmStore (config.db, through its worker) and shares operator
 * actions with the site's other stations through AlarmActionSync (the site broker).
 */

/** A journal line before the store numbers it. */
export type NewJournalEntry = Omit<AlarmJournalEntry, 'seq'>;

/**
 * One durable step of the engine: the alarms whose state changed (saved whole, replacing what
 * was stored), alarms that no longer exist (their definition was removed) and the journal lines
 * that describe the change. Written in one transaction with synchronous=FULL, so a crash leaves
 * either all of it or none of it.
 */
export interface AlarmWriteBatch {
  states: Alarm[];
  removed: string[];
  journal: NewJournalEntry[];
}

export interface AlarmStore {
  /** Every stored alarm state, to restore at start without annunciating it anew. */
  loadAlarmStates(): Promise<Alarm[]>;
  /** Resolves once the batch is on disk. */
  writeAlarmBatch(batch: AlarmWriteBatch): Promise<void>;
  /** Null when never set: the engine uses DEFAULT_ALARM_SETTINGS. */
  alarmSettings(): Promise<AlarmSettings | null>;
  setAlarmSettings(settings: AlarmSettings, changedBy: string, now: number): Promise<void>;
}

/**
 * Operator actions between stations. The engine hands every local action to `publish` after it
 * is journaled; `onRemote` delivers other stations' actions, which the engine applies by the
 * rules in sync/ (e.g. an acknowledgement applies to the activation it was made for).
 */
export interface AlarmActionSync {
  publish(action: AlarmAction): void;
  onRemote(listener: (action: AlarmAction) => void): () => void;
}
