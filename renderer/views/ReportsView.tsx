import { useEffect, useState, type FormEvent } from 'react';
import type { AlarmKpiReport } from '../../shared/alarms.js';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { toLocalInput } from '../alarms/journalQuery.js';
import { ActivationsChart, PriorityChart } from '../components/KpiCharts.js';
import { KpiTables } from '../components/KpiTables.js';
import { formatDateTime } from '../format/time.js';
import { kpiFileName, kpiTiles, REPORT_PERIODS } from '../reports/kpiTiles.js';
import { exportActions, useExportStore } from '../stores/exportStore.js';
import { CsvExportStatus } from '../components/CsvExportStatus.js';

type PeriodId = (typeof REPORT_PERIODS)[number]['id'] | 'custom';

interface Range {
  from: number;
  to: number;
}

/** A preset period ending at this moment; null for custom. */
function periodEndingNow(id: PeriodId): Range | null {
  const preset = REPORT_PERIODS.find((p) => p.id === id);
  const now = Date.now();
  return preset ? { from: now - preset.spanMs, to: now } : null;
}

function KpiTilesRow({ report }: { report: AlarmKpiReport }) {
  return (
    <div className="kpi-tiles" data-testid="kpi-tiles">
      {kpiTiles(report).map((tile) => (
        <section
          key={tile.id}
          className={`kpi-tile status-${tile.status}`}
          data-testid={`kpi-${tile.id}`}
          data-status={tile.status}
          aria-label={tile.label}
        >
          <h3>{tile.label}</h3>
          <p className="kpi-value">{tile.value}</p>
          <p className="kpi-target">
            target {tile.target}
            {tile.status !== 'ok' && (
              <strong className="kpi-verdict">
                {tile.status === 'over' ? ' · OVER TARGET' : ' · above target, manageable'}
              </strong>
            )}
          </p>
        </section>
      ))}
    </div>
  );
}

/**
 * The alarm performance report (`#/reports`): ISA-18.2 / EEMUA 191 KPIs over the last day, week,
 * month or a chosen period, as tiles against their targets (coloured only when out of target),
 * plots of activations per 10 minutes and of the priority distribution, the tables behind them,
 * and the same report as CSV.
 */
export function ReportsView() {
  const api = useApi();
  const [period, setPeriod] = useState<PeriodId>('24h');
  const [custom, setCustom] = useState(() => {
    const now = Date.now();
    return { from: toLocalInput(now - 86_400_000), to: toLocalInput(now) };
  });
  const [range, setRange] = useState<Range>(() => periodEndingNow('24h')!);
  const [report, setReport] = useState<AlarmKpiReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exporting = useExportStore((state) => state.csv.phase === 'running');

  useEffect(() => {
    let current = true;
    api.call('alarms.getKpiReport', range).then(
      (answer) => {
        if (!current) return;
        setReport(answer);
        setError(null);
      },
      (failure: unknown) =>
        current &&
        setError(failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, range]);

  const choose = (id: PeriodId) => {
    setPeriod(id);
    const preset = periodEndingNow(id);
    if (preset) {
      setError(null);
      setRange(preset);
    }
  };
  const applyCustom = (event: FormEvent) => {
    event.preventDefault();
    const from = new Date(custom.from).getTime();
    const to = new Date(custom.to).getTime();
    if (!(from < to)) return setError('the period must start before it ends');
    setError(null);
    setRange({ from, to });
  };
  const shown = report && report.from === range.from && report.to === range.to ? report : null;
  return (
    <div className="view reports-view" data-testid="reports-view">
      <div className="view-toolbar">
        <h1>Alarm performance</h1>
        <span role="group" aria-label="Period" className="period-picker">
          {[...REPORT_PERIODS, { id: 'custom' as const, label: 'Custom…' }].map((choice) => (
            <button
              key={choice.id}
              type="button"
              data-testid={`period-${choice.id}`}
              aria-pressed={period === choice.id}
              onClick={() => choose(choice.id)}
            >
              {choice.label}
            </button>
          ))}
        </span>
        {period === 'custom' && (
          <form className="custom-period" onSubmit={applyCustom}>
            <label>
              From
              <input
                type="datetime-local"
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
              />
            </label>
            <button type="submit">Apply</button>
          </form>
        )}
        <button
          type="button"
          data-testid="kpi-csv"
          disabled={exporting}
          onClick={() => {
            exportActions.dismiss();
            exportActions.startCsv('kpi', { alarmKpi: range }, kpiFileName(range));
          }}
        >
          Download CSV…
        </button>
        <CsvExportStatus />
        <span className="calm-note" data-testid="report-period">
          {formatDateTime(range.from)} → {formatDateTime(range.to)}
        </span>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="report-error">
          Report not made: {error}
        </p>
      )}
      {!shown && !error && <p role="status">Computing the report…</p>}
      {shown && (
        <>
          <p className="calm-note" data-testid="report-summary">
            {shown.annunciated.toLocaleString()} annunciated alarms in the period (shelved, suppressed and
            out-of-service ones do not count).
          </p>
          <KpiTilesRow report={shown} />
          <div className="kpi-charts">
            <ActivationsChart report={shown} />
            <PriorityChart report={shown} />
          </div>
          <KpiTables report={shown} />
        </>
      )}
    </div>
  );
}
