import type { AlarmPriority } from '../../../shared/alarmDefinitions.js';
import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { percent, type KpiLine } from './kpiLines.js';

const TOP = 10;

/** Priority targets of annunciated activations (%): 80 / 15 / 5, critical below 1. */
export const PRIORITY_TARGETS: Readonly<Record<AlarmPriority, number>> = {
  low: 80,
  medium: 15,
  high: 5,
  critical: 1,
};

/**
 * The ten alarms with the most annunciated activations ("bad actors", ties by id) and the share
 * of all activations they make; each named with its latest message and priority.
 */
export function badActors(activations: readonly KpiLine[]) {
  const byAlarm = new Map<string, { line: KpiLine; count: number }>();
  for (const line of activations) {
    const seen = byAlarm.get(line.alarm);
    byAlarm.set(line.alarm, { line, count: (seen?.count ?? 0) + 1 });
  }
  const top = [...byAlarm.values()]
    .sort((a, b) => b.count - a.count || (a.line.alarm < b.line.alarm ? -1 : 1))
    .slice(0, TOP);
  const list: AlarmKpiReport['badActors'] = top.map(({ line, count }) => ({
    alarm: line.alarm,
    message: line.message,
    priority: line.priority,
    count,
    percent: percent(count, activations.length),
  }));
  const inTop = top.reduce((sum, { count }) => sum + count, 0);
  return { badActors: list, topTenPercent: percent(inTop, activations.length) };
}

/** Annunciated activations by the priority they were raised with, against the targets. */
export function priorityDistribution(
  activations: readonly KpiLine[],
): AlarmKpiReport['priorityDistribution'] {
  const count: Record<AlarmPriority, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const line of activations) count[line.priority]++;
  const entry = (priority: AlarmPriority) => ({
    count: count[priority],
    percent: percent(count[priority], activations.length),
    targetPercent: PRIORITY_TARGETS[priority],
  });
  return { low: entry('low'), medium: entry('medium'), high: entry('high'), critical: entry('critical') };
}
