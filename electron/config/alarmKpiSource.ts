import type { Database, Statement } from 'better-sqlite3';
import { AlarmPrioritySchema, type AlarmPriority } from '../../shared/alarmDefinitions.js';
import {
  AlarmJournalStateSchema,
  AlarmTriggerSchema,
  type AlarmJournalState,
  type AlarmTrigger,
} from '../../shared/alarms.js';
import type { KpiJournal, KpiLine } from '../alarms/report/kpiLines.js';

// Checked against the contract's enums (sets: millions of lines may be read).
const PRIORITIES = new Set<string>(AlarmPrioritySchema.options);
const STATES = new Set<string>(AlarmJournalStateSchema.options);
const TRIGGERS = new Set<string>(AlarmTriggerSchema.options);

type KpiRow = [number, string, string, string, string, string, string];

const COLUMNS = 'ts, alarm, priority, message, from_state, to_state, trigger';
/** The lines the report reads: activations, returns, shelving, and whatever leaves a shelve. */
const REPORT_LINES = `(trigger IN ('activated', 'escalated', 'reAlarm', 'cleared', 'definitionRemoved',
  'shelved', 'unshelved', 'shelveExpired') OR from_state = 'shelved')`;

/**
 * Reads what the alarm performance report needs from the journal (alarms/report/), in the config
 * worker: the lines of the period that the figures use, oldest first, and each alarm's last
 * activation or return before it (so an alarm standing since before the period counts as stale).
 * Alarm ids and messages repeat on every line, so each is kept once in memory; a line whose
 * priority, state or trigger the contract no longer knows is reported and left out.
 */
export class AlarmKpiSource {
  private readonly inPeriod: Statement<{ from: number; to: number }, KpiRow>;
  private readonly lastBefore: Statement<{ from: number }, KpiRow>;

  constructor(
    db: Database,
    private readonly onBadRow: (message: string) => void,
  ) {
    this.inPeriod = db
      .prepare<{ from: number; to: number }, KpiRow>(
        `SELECT ${COLUMNS} FROM alarm_journal WHERE ts >= @from AND ts <= @to AND ${REPORT_LINES} ORDER BY ts, seq`,
      )
      .raw();
    // SQLite answers the bare columns from the row with the greatest seq of each group.
    this.lastBefore = db
      .prepare<{ from: number }, KpiRow>(
        `SELECT ${COLUMNS}, max(seq) FROM alarm_journal
         WHERE ts < @from AND trigger IN ('activated', 'cleared', 'definitionRemoved') GROUP BY alarm`,
      )
      .raw();
  }

  journal(from: number, to: number): KpiJournal {
    const strings = new Map<string, string>();
    const intern = (text: string) => strings.get(text) ?? (strings.set(text, text), text);
    let bad = 0;
    const read = (rows: Iterable<KpiRow>): KpiLine[] => {
      const lines: KpiLine[] = [];
      for (const [ts, alarm, priority, message, fromState, toState, trigger] of rows) {
        if (
          !PRIORITIES.has(priority) ||
          !STATES.has(fromState) ||
          !STATES.has(toState) ||
          !TRIGGERS.has(trigger)
        ) {
          bad++;
          continue;
        }
        lines.push({
          ts,
          alarm: intern(alarm),
          priority: priority as AlarmPriority,
          message: intern(message),
          from: fromState as AlarmJournalState,
          to: toState as AlarmJournalState,
          trigger: trigger as AlarmTrigger,
        });
      }
      return lines;
    };
    const journal = {
      from,
      to,
      before: read(this.lastBefore.iterate({ from })),
      lines: read(this.inPeriod.iterate({ from, to })),
    };
    if (bad > 0) this.onBadRow(`alarm performance report: ${bad} journal lines do not parse; left them out`);
    return journal;
  }
}
