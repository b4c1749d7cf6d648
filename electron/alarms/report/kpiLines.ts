import type { AlarmPriority } from '../../../shared/alarmDefinitions.js';
import type { AlarmJournalState, AlarmTrigger } from '../../../shared/alarms.js';

/**
 * What the performance report reads of each journal line (shared/alarms.ts AlarmJournalEntry),
 * in journal order: by time, then seq. The report is a pure function of these lines, so it is
 * tested with journals whose right answers are worked out by hand.
 */
export interface KpiLine {
  ts: number;
  alarm: string;
  priority: AlarmPriority;
  message: string;
  from: AlarmJournalState;
  to: AlarmJournalState;
  trigger: AlarmTrigger;
}

/** The lines a report needs: those in [from, to], and what was true of each alarm at `from`. */
export interface KpiJournal {
  from: number;
  to: number;
  lines: readonly KpiLine[];
  /** Per alarm, its last activated / cleared / definitionRemoved line before `from`, if any. */
  before: readonly KpiLine[];
}

export const TEN_MINUTES = 600_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Lines that start an annunciation: a new activation, an escalation (H→HH), a re-alarm. */
export const ACTIVATION_TRIGGERS: ReadonlySet<AlarmTrigger> = new Set(['activated', 'escalated', 'reAlarm']);
/** States that hide an alarm from the operator: whatever happens under them is not annunciated. */
export const HIDDEN_STATES: ReadonlySet<AlarmJournalState> = new Set([
  'shelved',
  'suppressed',
  'outOfService',
]);

/**
 * An annunciated activation (what ISA-18.2 / EEMUA 191 count): a line that activates, escalates
 * or re-alarms an alarm and leaves it in a state the operator sees — its `to` is not shelved,
 * suppressed or out of service (the engine journals a change under an overlay with the overlay
 * as `to`). A restart's restored states are not activations.
 */
export function isAnnunciatedActivation(line: KpiLine): boolean {
  return ACTIVATION_TRIGGERS.has(line.trigger) && !HIDDEN_STATES.has(line.to);
}

/** Lines that start and end a condition standing (for stale and fleeting alarms). */
export const isActivation = (line: KpiLine) => line.trigger === 'activated';
export const isReturn = (line: KpiLine) => line.trigger === 'cleared' || line.trigger === 'definitionRemoved';

/** Groups lines by alarm, keeping journal order within each. */
export function byAlarm(lines: readonly KpiLine[], keep: (line: KpiLine) => boolean): Map<string, KpiLine[]> {
  const groups = new Map<string, KpiLine[]>();
  for (const line of lines) {
    if (!keep(line)) continue;
    const group = groups.get(line.alarm);
    if (group) group.push(line);
    else groups.set(line.alarm, [line]);
  }
  return groups;
}

/** `part` of `whole` in %, 0 when there is no whole. */
export const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);

/** Start of the UTC slot of `size` ms that holds `ts`. */
export const slotStart = (ts: number, size: number) => Math.floor(ts / size) * size;
