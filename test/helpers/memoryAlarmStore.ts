import type { Alarm, AlarmJournalEntry, AlarmSettings } from '../../shared/alarms.js';
import type { AlarmStore, AlarmWriteBatch } from '../../electron/alarms/ports.js';

/**
 * AlarmStore in memory, for unit tests of the engine: what a batch wrote, in order, and a
 * switch to make the next writes fail as a full disk would. The real one is config.db's.
 */
export class MemoryAlarmStore implements AlarmStore {
  readonly states = new Map<string, Alarm>();
  readonly journal: AlarmJournalEntry[] = [];
  settings: AlarmSettings | null = null;
  batches = 0;
  /** The next this-many writes fail. */
  failWrites = 0;

  loadAlarmStates(): Promise<Alarm[]> {
    return Promise.resolve([...this.states.values()].map((state) => structuredClone(state)));
  }

  writeAlarmBatch(batch: AlarmWriteBatch): Promise<void> {
    if (this.failWrites > 0) {
      this.failWrites--;
      return Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    }
    this.batches++;
    for (const state of batch.states) this.states.set(state.id, structuredClone(state));
    for (const id of batch.removed) this.states.delete(id);
    for (const line of batch.journal)
      this.journal.push({ ...structuredClone(line), seq: this.journal.length + 1 });
    return Promise.resolve();
  }

  alarmSettings(): Promise<AlarmSettings | null> {
    return Promise.resolve(this.settings);
  }

  setAlarmSettings(settings: AlarmSettings): Promise<void> {
    this.settings = settings;
    return Promise.resolve();
  }

  /** Journal lines of one alarm, as `trigger from→to`. */
  lines(alarm: string): string[] {
    return this.journal
      .filter((line) => line.alarm === alarm)
      .map((line) => `${line.trigger} ${line.from}→${line.to}`);
  }
}
