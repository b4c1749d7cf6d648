import { PRIORITY_RANK, type AlarmPriority } from '../../shared/alarmDefinitions.js';
import { isAnnunciated, type Alarm } from '../../shared/alarms.js';
import { alarmTime, isHidden } from './alarmsSelectors.js';

export type PriorityCounts = Record<AlarmPriority, { unacked: number; total: number }>;

/**
 * What the banner, the horn and the tabs show of the alarms, worked out in one pass whenever
 * the alarms change (not in each component's selector on every store update: in a flood of
 * 4,000 alarms that is the difference between one loop and a dozen per batch).
 */
export interface AlarmSummary {
  /** Annunciated alarms by priority, and how many of them are unacknowledged. */
  counts: PriorityCounts;
  /** The newest of the most severe annunciated alarms not acknowledged: the banner's pick. */
  newestUnacked: Alarm | null;
  /** Annunciated and not acknowledged: while there are any, the banner flashes. */
  unacked: number;
  /** Annunciated alarms (the active list before its filters). */
  annunciated: number;
  /** Shelved, suppressed or out of service. */
  hidden: number;
  /** The horn's priority: the highest among new, unsilenced alarms that sound; null for silence. */
  sounding: AlarmPriority | null;
}

export const EMPTY_SUMMARY: AlarmSummary = {
  counts: zeroCounts(),
  newestUnacked: null,
  unacked: 0,
  annunciated: 0,
  hidden: 0,
  sounding: null,
};

function zeroCounts(): PriorityCounts {
  return {
    critical: { unacked: 0, total: 0 },
    high: { unacked: 0, total: 0 },
    medium: { unacked: 0, total: 0 },
    low: { unacked: 0, total: 0 },
  };
}

/** Sounds: annunciated, active and not acknowledged (returned-unacked flashes but is silent). */
export function sounds(alarm: Alarm): boolean {
  return alarm.state === 'unacked' && isAnnunciated(alarm);
}

const higher = (a: AlarmPriority, b: AlarmPriority | null) =>
  b === null || PRIORITY_RANK[a] > PRIORITY_RANK[b];

export function summarize(
  byId: Readonly<Record<string, Alarm>>,
  annunciation: Readonly<Record<string, number>>,
  silencedThrough: number,
): AlarmSummary {
  const summary: AlarmSummary = { ...EMPTY_SUMMARY, counts: zeroCounts() };
  for (const id in byId) {
    const alarm = byId[id]!;
    if (isHidden(alarm)) {
      summary.hidden++;
      continue;
    }
    if (!isAnnunciated(alarm)) continue;
    summary.annunciated++;
    const count = summary.counts[alarm.priority];
    count.total++;
    if (alarm.acknowledged) continue;
    count.unacked++;
    summary.unacked++;
    const best = summary.newestUnacked;
    if (
      !best ||
      higher(alarm.priority, best.priority) ||
      (alarm.priority === best.priority && alarmTime(alarm) > alarmTime(best))
    )
      summary.newestUnacked = alarm;
    const number = annunciation[id];
    if (
      number !== undefined &&
      number > silencedThrough &&
      sounds(alarm) &&
      higher(alarm.priority, summary.sounding)
    )
      summary.sounding = alarm.priority;
  }
  return summary;
}
