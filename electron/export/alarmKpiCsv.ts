import type { AlarmKpiReport } from '../../shared/alarms.js';
import { csvField } from './csvFormat.js';

type Cell = string | number;

/** One table of the report: a title row (`section,<title>`), a header row, its rows. */
function section(title: string, header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) =>
    `${cells.map((cell) => (typeof cell === 'number' ? String(cell) : csvField(cell))).join(',')}\r\n`;
  return line(['section', title]) + line(header) + rows.map(line).join('');
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The alarm performance report as CSV (`/api/reports/alarm-kpi.csv`): its tables one after
 * another, each opened by a `section,<title>` row and its own header row, separated by an empty
 * line — the layout spreadsheet users expect of a multi-table export. RFC 4180 quoting and CRLF
 * line ends as every export (csvFormat.ts); times as ISO 8601 UTC with epoch ms beside them.
 */
export function alarmKpiCsv(report: AlarmKpiReport): string {
  const rate = (name: string, r: AlarmKpiReport['perDay']): Cell[][] => [
    [`${name} average`, r.average, r.target, r.manageable],
    [`${name} max`, r.max, r.target, r.manageable],
  ];
  const sections = [
    section(
      'summary',
      ['metric', 'value', 'target', 'manageable'],
      [
        ['from', iso(report.from), '', ''],
        ['to', iso(report.to), '', ''],
        ['annunciated activations', report.annunciated, '', ''],
        ...rate('per day', report.perDay),
        ...rate('per hour', report.perHour),
        ...rate('per 10 minutes', report.per10Min),
        ['% of 10-minute periods in flood', report.flood.percentOfPeriods, '< 1', ''],
        ['% of time in flood', report.flood.percentOfTime, '', ''],
        ['flood episodes', report.flood.episodes.length, '', ''],
        ['top-10 share %', report.topTenPercent, '1-5', ''],
        ['chattering alarms', report.chattering.length, 0, ''],
        ['fleeting alarms', report.fleeting.length, 0, ''],
        ['stale alarms', report.stale.alarms.length, '', ''],
        ['most stale on any day', report.stale.maxOnAnyDay, '< 5', ''],
      ],
    ),
    section(
      '10-minute counts',
      ['start', 'start_ms', 'count'],
      report.per10MinSeries.start.map((start, i) => [iso(start), start, report.per10MinSeries.count[i] ?? 0]),
    ),
    section(
      'flood episodes',
      ['start', 'start_ms', 'end', 'end_ms', 'alarms', 'peak_10min'],
      report.flood.episodes.map((e) => [
        iso(e.startMs),
        e.startMs,
        iso(e.endMs),
        e.endMs,
        e.alarms,
        e.peak10Min,
      ]),
    ),
    section(
      'bad actors',
      ['rank', 'alarm', 'message', 'priority', 'count', 'percent'],
      report.badActors.map((a, i) => [i + 1, a.alarm, a.message, a.priority, a.count, a.percent]),
    ),
    section(
      'chattering',
      ['alarm', 'message', 'episodes', 'max_per_minute'],
      report.chattering.map((c) => [c.alarm, c.message, c.episodes, c.maxPerMinute]),
    ),
    section(
      'fleeting',
      ['alarm', 'message', 'count'],
      report.fleeting.map((f) => [f.alarm, f.message, f.count]),
    ),
    section(
      'stale',
      ['alarm', 'message', 'active_ms', 'active_hours'],
      report.stale.alarms.map((s) => [s.alarm, s.message, s.activeMs, s.activeMs / 3_600_000]),
    ),
    section(
      'priority distribution',
      ['priority', 'count', 'percent', 'target_percent'],
      (['low', 'medium', 'high', 'critical'] as const).map((p) => {
        const d = report.priorityDistribution[p];
        return [p, d.count, d.percent, d.targetPercent];
      }),
    ),
    section(
      'shelving',
      ['metric', 'value'],
      [
        ['shelves', report.shelving.shelves],
        ['alarms shelved', report.shelving.distinctAlarms],
        ['average time shelved ms', report.shelving.averageShelvedMs],
        ['shelves expired', report.shelving.expired],
      ],
    ),
    section(
      'most shelved',
      ['alarm', 'count'],
      report.shelving.topShelved.map((s) => [s.alarm, s.count]),
    ),
  ];
  return sections.join('\r\n');
}

/** `alarm-kpi-2026-01-01-2026-01-31.csv`: the days the report spans. */
export function alarmKpiFileName(report: Pick<AlarmKpiReport, 'from' | 'to'>): string {
  return `alarm-kpi-${iso(report.from).slice(0, 10)}-${iso(report.to).slice(0, 10)}.csv`;
}
