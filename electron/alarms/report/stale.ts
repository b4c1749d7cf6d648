import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { byAlarm, DAY, isActivation, isReturn, slotStart, type KpiJournal } from './kpiLines.js';

/** Stale (standing): active for longer than this. */
export const STALE_MS = DAY;

/**
 * Stale alarms: conditions that stood for more than 24 h within the period, measured from their
 * activation (also before the period, from the lines before it) to their clear or the period's
 * end. The condition counts whatever hides it: a shelved or out-of-service alarm whose condition
 * stands for days is exactly what the list should show. `activeMs` is an alarm's longest such
 * stretch; `maxOnAnyDay` the most alarms that were stale at some moment of one UTC day.
 */
export function stale({ from, to, lines, before }: KpiJournal): AlarmKpiReport['stale'] {
  const changes = byAlarm([...before, ...lines], (line) => isActivation(line) || isReturn(line));
  const alarms: AlarmKpiReport['stale']['alarms'] = [];
  const staleDays = new Map<number, Set<string>>();
  for (const [alarm, list] of changes) {
    let since: number | null = null;
    let longest = 0;
    const stood = (end: number) => {
      if (since === null) return;
      const until = Math.min(end, to);
      // Stale from 24 h after activation; what counts is the part of that inside the period.
      const staleFrom = Math.max(since + STALE_MS, from);
      if (until > staleFrom) {
        longest = Math.max(longest, until - since);
        for (let day = slotStart(staleFrom, DAY); day < until; day += DAY) {
          const set = staleDays.get(day) ?? new Set<string>();
          staleDays.set(day, set.add(alarm));
        }
      }
      since = null;
    };
    for (const line of list) {
      if (isActivation(line)) since ??= line.ts;
      else stood(line.ts);
    }
    stood(to);
    if (longest > 0) alarms.push({ alarm, message: list.at(-1)!.message, activeMs: longest });
  }
  alarms.sort((a, b) => b.activeMs - a.activeMs || (a.alarm < b.alarm ? -1 : 1));
  const maxOnAnyDay = Math.max(0, ...[...staleDays.values()].map((set) => set.size));
  return { alarms, maxOnAnyDay };
}
