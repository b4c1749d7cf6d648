import type { ReactNode } from 'react';
import type { AlarmKpiReport } from '../../shared/alarms.js';
import { formatDateTime } from '../format/time.js';
import { formatSpan } from '../trend/timeRange.js';
import { AlarmIndicator } from './AlarmIndicator.js';

function KpiTable({
  title,
  testId,
  head,
  rows,
  empty,
}: {
  title: string;
  testId: string;
  head: string[];
  rows: ReactNode[][];
  empty: string;
}) {
  return (
    <section className="kpi-table" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="calm-note" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <table data-testid={testId}>
          <thead>
            <tr>
              {head.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, i) => (
              <tr key={i}>
                {cells.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const pct = (n: number) => `${n.toFixed(1)} %`;

/** The report's lists: bad actors, chattering, fleeting and stale alarms, floods and shelving. */
export function KpiTables({ report }: { report: AlarmKpiReport }) {
  const { shelving } = report;
  return (
    <div className="kpi-tables">
      <KpiTable
        title="Top 10 bad actors"
        testId="kpi-bad-actors"
        head={['Alarm', 'Message', 'Activations', 'Share']}
        empty="No alarms in the period."
        rows={report.badActors.map((a) => [
          <>
            <AlarmIndicator priority={a.priority} /> {a.alarm}
          </>,
          a.message,
          a.count,
          pct(a.percent),
        ])}
      />
      <KpiTable
        title="Chattering alarms"
        testId="kpi-chattering"
        head={['Alarm', 'Message', 'Episodes', 'Most per minute']}
        empty="None: no alarm chattered (3 or more activations in a minute)."
        rows={report.chattering.map((a) => [a.alarm, a.message, a.episodes, a.maxPerMinute])}
      />
      <KpiTable
        title="Fleeting alarms"
        testId="kpi-fleeting"
        head={['Alarm', 'Message', 'Times']}
        empty="None: no alarm cleared within seconds of being raised."
        rows={report.fleeting.map((a) => [a.alarm, a.message, a.count])}
      />
      <KpiTable
        title="Stale alarms (active more than 24 h)"
        testId="kpi-stale"
        head={['Alarm', 'Message', 'Active for']}
        empty="None."
        rows={report.stale.alarms.map((a) => [a.alarm, a.message, formatSpan(a.activeMs)])}
      />
      <KpiTable
        title="Floods (more than 10 alarms in 10 min)"
        testId="kpi-floods"
        head={['Start', 'End', 'Alarms', 'Most in 10 min']}
        empty="No flood in the period."
        rows={report.flood.episodes.map((e) => [
          formatDateTime(e.startMs),
          formatDateTime(e.endMs),
          e.alarms,
          e.peak10Min,
        ])}
      />
      <KpiTable
        title="Shelving"
        testId="kpi-shelving"
        head={['Shelves', 'Alarms shelved', 'Average shelved', 'Expired', 'Most shelved']}
        empty=""
        rows={[
          [
            shelving.shelves,
            shelving.distinctAlarms,
            shelving.shelves === 0 ? '—' : formatSpan(shelving.averageShelvedMs),
            shelving.expired,
            shelving.topShelved.map((t) => `${t.alarm} (${t.count})`).join(', ') || '—',
          ],
        ]}
      />
    </div>
  );
}
