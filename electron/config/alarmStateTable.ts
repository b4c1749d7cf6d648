import type { Database, Statement } from 'better-sqlite3';
import { AlarmSchema, type Alarm } from '../../shared/alarms.js';
import { parseStored } from './storedJson.js';

interface StateRow {
  id: string;
  alarm: string;
}

/**
 * The latest state of each alarm (migration 0006), saved whole as the engine holds it. A row
 * that no longer parses (edited by hand, written by a buggy build, an older contract) is
 * reported and skipped: that one alarm starts from normal and is evaluated anew, the rest are
 * restored.
 */
export class AlarmStateTable {
  private readonly all: Statement<[], StateRow>;
  private readonly upsert: Statement;
  private readonly remove: Statement<[string]>;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.all = db.prepare('SELECT id, alarm FROM alarm_state ORDER BY id');
    this.upsert = db.prepare(`
      INSERT INTO alarm_state (id, alarm, changed_ms, revision) VALUES (@id, @alarm, @changedMs, @revision)
      ON CONFLICT (id) DO UPDATE SET alarm = excluded.alarm, changed_ms = excluded.changed_ms,
        revision = excluded.revision`);
    this.remove = db.prepare('DELETE FROM alarm_state WHERE id = ?');
  }

  list(): Alarm[] {
    return this.all.all().flatMap((row) => {
      const alarm = this.parse(row);
      return alarm ? [alarm] : [];
    });
  }

  /** Call inside a transaction (AlarmStore.writeBatch). */
  save(alarm: Alarm): void {
    this.upsert.run({
      id: alarm.id,
      alarm: JSON.stringify(alarm),
      changedMs: alarm.changedMs,
      revision: alarm.revision,
    });
  }

  delete(id: string): void {
    this.remove.run(id);
  }

  private parse(row: StateRow): Alarm | null {
    const what = `stored state of alarm ${row.id}`;
    const alarm = parseStored(row.alarm, AlarmSchema, what, this.onBadRow);
    if (alarm === null || alarm.id === row.id) return alarm;
    this.onBadRow(`${what} does not parse (it names ${alarm.id}); passed over it`);
    return null;
  }
}
