import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { byAlarm, type KpiLine } from './kpiLines.js';

const TOP = 10;

/** A shelve ends by unshelving, expiry, removal, or any line that takes the alarm out of shelved. */
const endsShelve = (line: KpiLine) =>
  line.trigger === 'unshelved' ||
  line.trigger === 'shelveExpired' ||
  line.trigger === 'definitionRemoved' ||
  (line.from === 'shelved' && line.to !== 'shelved');

/**
 * Shelving in the period: how many shelves (`shelved` lines), of how many alarms, how long they
 * lasted on average (from the shelve to its end, or to the period's end if still shelved), how
 * many ran out (`shelveExpired`), and the ten alarms shelved most.
 */
export function shelving(lines: readonly KpiLine[], to: number): AlarmKpiReport['shelving'] {
  let shelves = 0;
  let totalMs = 0;
  let expired = 0;
  const counts: Array<{ alarm: string; count: number }> = [];
  const relevant = (line: KpiLine) => line.trigger === 'shelved' || endsShelve(line);
  for (const [alarm, list] of byAlarm(lines, relevant)) {
    let count = 0;
    let since: number | null = null;
    for (const line of list) {
      if (line.trigger === 'shelveExpired') expired++;
      if (line.trigger === 'shelved') {
        count++;
        since ??= line.ts;
      } else if (since !== null) {
        totalMs += line.ts - since;
        since = null;
      }
    }
    if (since !== null) totalMs += to - since;
    if (count > 0) counts.push({ alarm, count });
    shelves += count;
  }
  counts.sort((a, b) => b.count - a.count || (a.alarm < b.alarm ? -1 : 1));
  return {
    shelves,
    distinctAlarms: counts.length,
    averageShelvedMs: shelves > 0 ? totalMs / shelves : 0,
    expired,
    topShelved: counts.slice(0, TOP),
  };
}
