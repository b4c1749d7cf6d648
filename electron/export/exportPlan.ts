import type { CsvExportRequest } from '../../shared/csvExport.js';
import type { ApiErrorData } from '../../shared/errors.js';
import type { CsvExportPlan } from './csvStream.js';

export type PlanResult = { ok: true; plan: CsvExportPlan } | { ok: false; error: ApiErrorData };

/** Resolves a parsed request's tag ids to historian keys; an unknown tag is NOT_FOUND. */
export function planCsvExport(
  request: CsvExportRequest,
  tagKey: (id: string) => number | undefined,
): PlanResult {
  const tags = [];
  for (const id of request.tags) {
    const key = tagKey(id);
    if (key === undefined) return { ok: false, error: { code: 'NOT_FOUND', message: `unknown tag: ${id}` } };
    tags.push({ key, id });
  }
  const { from, to, resolution, aggregates } = request;
  return { ok: true, plan: { tags, from, to, resolution, aggregates } };
}

/** Rows an export at a resolution will write (every interval of every tag); null for raw. */
export function expectedRows(plan: CsvExportPlan): number | null {
  if (plan.resolution === undefined) return null;
  return Math.max(1, Math.ceil((plan.to - plan.from + 1) / plan.resolution)) * plan.tags.length;
}

/** Share of the range whose rows are written, 0…1: rows come in time order. */
export function fractionDone(plan: Pick<CsvExportPlan, 'from' | 'to'>, through: number): number {
  const span = plan.to - plan.from + 1;
  return Math.min(1, Math.max(0, (through - plan.from + 1) / span));
}

/** `history-2026-01-31.csv`, or `history-2026-01-31-1m.csv` at a one-minute resolution. */
export function csvFileName(plan: CsvExportPlan): string {
  const day = new Date(plan.from).toISOString().slice(0, 10);
  return `history-${day}${plan.resolution === undefined ? '' : `-${durationText(plan.resolution)}`}.csv`;
}

function durationText(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  const unit = units.find(([size]) => ms % size === 0);
  return unit ? `${ms / unit[0]}${unit[1]}` : `${ms}ms`;
}
