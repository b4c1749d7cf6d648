import type { AlarmKpiReport } from '../../shared/alarms.js';

/**
 * The report's key figures against the ISA-18.2 / EEMUA 191 targets (shared/reference/alarms.md),
 * each with its verdict: within target, manageable (past the target, within the manageable
 * figure), or over. The screen colours a tile only when it is not within target.
 */
export type KpiStatus = 'ok' | 'manageable' | 'over';

export interface KpiTile {
  id: string;
  label: string;
  value: string;
  target: string;
  status: KpiStatus;
}

/** Past this share of 10-minute periods in flood, the system floods too often (%). */
export const FLOOD_TARGET_PERCENT = 1;
/** Most alarms in any 10 minutes. */
export const MAX_IN_10_MIN_TARGET = 10;
/** Fewer stale alarms (active > 24 h) than this on any day. */
export const STALE_TARGET = 5;
/** The ten most frequent alarms' share of all alarms, at most (%). */
export const TOP_TEN_TARGET_PERCENT = 5;

const fixed = (n: number, digits = 1) => (Number.isInteger(n) ? String(n) : n.toFixed(digits));

function rate(
  id: string,
  label: string,
  figure: { average: number; max: number; target: number; manageable: number },
): KpiTile {
  const status: KpiStatus =
    figure.average <= figure.target ? 'ok' : figure.average <= figure.manageable ? 'manageable' : 'over';
  return {
    id,
    label,
    value: `${fixed(figure.average)} avg · ${fixed(figure.max)} max`,
    target: `≤ ${figure.target} (manageable ${figure.manageable})`,
    status,
  };
}

const atMost = (value: number, limit: number): KpiStatus => (value <= limit ? 'ok' : 'over');

export function kpiTiles(report: AlarmKpiReport): KpiTile[] {
  return [
    rate('per-day', 'Alarms per day', report.perDay),
    rate('per-hour', 'Alarms per hour', report.perHour),
    rate('per-10min', 'Alarms per 10 min', report.per10Min),
    {
      id: 'flood',
      label: 'Time in flood',
      value: `${fixed(report.flood.percentOfPeriods, 2)} % of 10-min periods · ${report.flood.episodes.length} floods`,
      target: `< ${FLOOD_TARGET_PERCENT} %`,
      status: report.flood.percentOfPeriods < FLOOD_TARGET_PERCENT ? 'ok' : 'over',
    },
    {
      id: 'max-10min',
      label: 'Most in any 10 min',
      value: String(report.per10Min.max),
      target: `≤ ${MAX_IN_10_MIN_TARGET}`,
      status: atMost(report.per10Min.max, MAX_IN_10_MIN_TARGET),
    },
    {
      id: 'stale',
      label: 'Stale alarms (> 24 h)',
      value: `${report.stale.alarms.length} · ${report.stale.maxOnAnyDay} most on a day`,
      target: `< ${STALE_TARGET} on any day`,
      status: report.stale.maxOnAnyDay < STALE_TARGET ? 'ok' : 'over',
    },
    {
      id: 'top-ten',
      label: 'Top 10 alarms’ share',
      value: `${fixed(report.topTenPercent)} %`,
      target: `≤ ${TOP_TEN_TARGET_PERCENT} %`,
      status: atMost(report.topTenPercent, TOP_TEN_TARGET_PERCENT),
    },
    {
      id: 'chattering',
      label: 'Chattering alarms',
      value: String(report.chattering.length),
      target: '0',
      status: atMost(report.chattering.length, 0),
    },
    {
      id: 'fleeting',
      label: 'Fleeting alarms',
      value: String(report.fleeting.length),
      target: '0',
      status: atMost(report.fleeting.length, 0),
    },
  ];
}

/** The period choices: the last day, week or month, ending now; or custom. */
export const REPORT_PERIODS = [
  { id: '24h', label: 'Last 24 h', spanMs: 86_400_000 },
  { id: '7d', label: 'Last 7 days', spanMs: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', spanMs: 30 * 86_400_000 },
] as const;

/** `/api/reports/alarm-kpi.csv` for a period. */
export function kpiCsvHref(range: { from: number; to: number }): string {
  const params = new URLSearchParams({
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
  });
  return `/api/reports/alarm-kpi.csv?${params.toString()}`;
}

/** `alarm-kpi-2026-01-01-2026-01-31.csv`, as the server names it. */
export function kpiFileName(range: { from: number; to: number }): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `alarm-kpi-${day(range.from)}-${day(range.to)}.csv`;
}
