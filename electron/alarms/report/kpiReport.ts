import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { badActors, priorityDistribution } from './badActors.js';
import { chattering, fleeting } from './chattering.js';
import { flood } from './flood.js';
import { isAnnunciatedActivation, type KpiJournal } from './kpiLines.js';
import { rates } from './rates.js';
import { shelving } from './shelving.js';
import { stale } from './stale.js';

/**
 * The ISA-18.2 / EEMUA 191 alarm performance report over [from, to] (../shared/reference/alarms.md,
 * "Performance KPIs"), computed from the journal alone. Counts are of annunciated activations
 * (kpiLines.ts) for the one operator position a station is; each figure's rule is in its file.
 */
export function alarmKpiReport(journal: KpiJournal): AlarmKpiReport {
  const { from, to, lines } = journal;
  const activations = lines.filter(isAnnunciatedActivation);
  const times = activations.map((line) => line.ts);
  return {
    from,
    to,
    annunciated: activations.length,
    ...rates(times, from, to),
    flood: flood(times, from, to),
    ...badActors(activations),
    chattering: chattering(lines),
    fleeting: fleeting(lines),
    stale: stale(journal),
    priorityDistribution: priorityDistribution(activations),
    shelving: shelving(lines, to),
  };
}
