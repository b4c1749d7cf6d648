import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared/contract.js';
import { AlarmJournalQuerySchema, AlarmKpiQuerySchema } from '../../shared/httpQuery.js';
import { alarmKpiCsv, alarmKpiFileName } from '../export/alarmKpiCsv.js';
import { sendAlarmCsvExport, type AlarmCsvExportDeps } from './alarmCsvExport.js';
import { callAndSend, parseQuery, sendError, STATUS } from './httpReply.js';

type Route = (
  deps: AlarmCsvExportDeps,
  query: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

/**
 * The alarms' read endpoints: the list, the journal, its CSV export and the performance report
 * as JSON and CSV. Query strings are parsed with shared/httpQuery.ts's schemas, then go through
 * the dispatcher, so roles, validation and errors are the contract's.
 */
export const alarmReadRoutes: Readonly<Record<string, Route>> = {
  '/api/alarms': (deps, _query, _req, res) => callAndSend(deps, res, 'alarms.list', {}),
  '/api/alarms/journal': async (deps, query, _req, res) => {
    const parsed = parseQuery(AlarmJournalQuerySchema, query, res);
    if (parsed) await callAndSend(deps, res, 'alarms.queryJournal', parsed);
  },
  '/api/export/alarms.csv': (deps, query, req, res) => sendAlarmCsvExport(deps, query, req, res),
  '/api/reports/alarm-kpi': async (deps, query, _req, res) => {
    const parsed = parseQuery(AlarmKpiQuerySchema, query, res);
    if (parsed) await callAndSend(deps, res, 'alarms.getKpiReport', parsed);
  },
  '/api/reports/alarm-kpi.csv': async (deps, query, _req, res) => {
    const parsed = parseQuery(AlarmKpiQuerySchema, query, res);
    if (!parsed) return;
    const envelope = await deps.dispatch('alarms.getKpiReport', parsed, deps.context);
    if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
    const report = envelope.result as Result<'alarms.getKpiReport'>;
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${alarmKpiFileName(report)}"`,
      'Cache-Control': 'no-store',
    });
    res.end(alarmKpiCsv(report));
  },
};
