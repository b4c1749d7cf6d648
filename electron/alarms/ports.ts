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
  /** Refused with a CONFLICT WorkerError when `baseVersion` is given and a newer version is stored. */
  setAlarmSettings(
    settings: AlarmSettings,
    changedBy: string,
    now: number,
    baseVersion?: number,
  ): Promise<void>;
}

/**
 * What the engine does with another station's action; sync/ decides which by its conflict rules
 * (sync/conflictRules.ts), so that every station ends with the same overlay:
 * - `apply`: act on it by the engine's rules and journal it, even when it changes nothing
 *   (a second station's ack of an activation already acknowledged: both acks are journaled,
 *   the alarm stays acknowledged once, credited to the earlier ack by (atMs, station)).
 * - `journal`: it lost a conflict (a shelve older than the unshelve in force, an ack of an
 *   earlier activation): journal it, change nothing.
 */
export type RemoteDelivery = 'apply' | 'journal';

/**
 * Operator actions between stations. The engine hands every local action to `publish` after it
 * is journaled; `onRemote` delivers other stations' actions (an ack only once this station's
 * engine raised the activation it was made for; any action only once the engine knows the alarm).
 */
export interface AlarmActionSync {
  publish(action: AlarmAction): void;
  onRemote(listener: (action: AlarmAction, delivery: RemoteDelivery) => void): () => void;
}
