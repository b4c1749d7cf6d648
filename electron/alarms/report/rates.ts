import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { DAY, HOUR, slotStart, TEN_MINUTES } from './kpiLines.js';

/** EEMUA 191 / ISA-18.2 per-operator targets (../shared/reference/alarms.md). */
export const RATE_TARGETS = {
  perDay: { target: 150, manageable: 300 },
  perHour: { target: 6, manageable: 12 },
  per10Min: { target: 1, manageable: 2 },
} as const;

type Rate = AlarmKpiReport['perDay'];

/**
 * Counts of activations per UTC-aligned slot from the one holding `from` to the last that starts
 * before `to` (a report from midnight to midnight has 144 ten-minute slots a day); an activation
 * at `to` itself counts in the last slot.
 */
export function slotCounts(times: readonly number[], from: number, to: number, size: number) {
  const first = slotStart(from, size);
  const slots = Math.max(1, Math.ceil((to - first) / size));
  const count = new Array<number>(slots).fill(0);
  for (const ts of times) count[Math.min(slots - 1, Math.floor((ts - first) / size))]!++;
  return { start: count.map((_, i) => first + i * size), count };
}

/**
 * Average and most activations per day, hour and 10 minutes. The average spreads the period's
 * activations over its length (a report over 36 h has 1.5 days), but over no less than one
 * slot, so a short period is never extrapolated. The most is of UTC-aligned slots (calendar
 * days, clock hours, :00/:10/… minutes), counting only activations inside the period.
 */
export function rates(times: readonly number[], from: number, to: number) {
  const span = to - from;
  const rate = (size: number, targets: { target: number; manageable: number }): Rate => ({
    average: times.length / Math.max(1, span / size),
    max: slotCounts(times, from, to, size).count.reduce((most, n) => Math.max(most, n), 0),
    ...targets,
  });
  return {
    perDay: rate(DAY, RATE_TARGETS.perDay),
    perHour: rate(HOUR, RATE_TARGETS.perHour),
    per10Min: rate(TEN_MINUTES, RATE_TARGETS.per10Min),
    per10MinSeries: slotCounts(times, from, to, TEN_MINUTES),
  };
}
