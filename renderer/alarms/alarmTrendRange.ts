import type { Alarm } from '../../shared/alarms.js';
import type { TimeRange } from '../trend/timeRange.js';

const MINUTE = 60_000;
/** At least this much before the alarm, so the approach to the limit shows. */
const MIN_BEFORE_MS = 10 * MINUTE;
/** A chart of a day-old alarm shows the last day, not the whole day before it too. */
const MAX_SPAN_MS = 24 * 60 * MINUTE;

/**
 * The range the details trend shows: from well before the alarm began (a third of the chart,
 * at least ten minutes) until now, at most a day; an alarm older than that shows the day after
 * it began.
 */
export function alarmTrendRange(alarm: Pick<Alarm, 'activeSinceMs' | 'changedMs'>, now: number): TimeRange {
  const at = Math.min(alarm.activeSinceMs ?? alarm.changedMs, now);
  const after = Math.max(now - at, MINUTE);
  const before = Math.max(MIN_BEFORE_MS, after / 2);
  if (before + after <= MAX_SPAN_MS) return { from: Math.max(0, at - before), to: at + after };
  return { from: Math.max(0, at - MIN_BEFORE_MS), to: Math.min(now, at - MIN_BEFORE_MS + MAX_SPAN_MS) };
}
