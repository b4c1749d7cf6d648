import type { IncomingMessage, ServerResponse } from 'node:http';
import { methods } from '../../shared/contract.js';
import { AlarmJournalCsvQuerySchema } from '../../shared/httpQuery.js';
import { hasRole } from '../../shared/roles.js';
import {
  alarmJournalFileName,
  streamAlarmJournalCsv,
  type AlarmCsvSource,
} from '../export/alarmJournalCsv.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { parseQuery, sendError, type ReplyDeps } from './httpReply.js';

export interface AlarmCsvExportDeps extends ReplyDeps {
  alarmJournal: AlarmCsvSource;
  log: Logger;
}

/**
 * `GET /api/export/alarms.csv?from&to&…filters`: the journal lines the filters match, oldest
 * first, streamed as the trend export streams (csvExport.ts): `X-Export-From`/`-To` let a client
 * show progress from the time column, and a client that goes away cancels the export. It needs
 * the role of alarms.queryJournal: the journal names people.
 */
export async function sendAlarmCsvExport(
  deps: AlarmCsvExportDeps,
  query: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const role = methods['alarms.queryJournal'].role;
  if (!hasRole(deps.context.caller, role)) {
    return sendError(res, 403, {
      code: 'FORBIDDEN',
      message: `the alarm journal export needs the ${role} role`,
    });
  }
  const filter = parseQuery(AlarmJournalCsvQuerySchema, query, res);
  if (!filter) return;
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${alarmJournalFileName(filter)}"`,
    'Cache-Control': 'no-store',
    'X-Export-From': String(filter.from),
    'X-Export-To': String(filter.to),
  });
  if (req.method === 'HEAD') return void res.end();
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const result = await streamAlarmJournalCsv(deps.alarmJournal, filter, res, { signal: gone.signal });
    if (!result.complete)
      deps.log.info(`alarm journal export cancelled by the client after ${result.rows} rows`);
  } catch (error) {
    // Headers are gone: all that can be done is to end the stream visibly short.
    deps.log.error(`alarm journal export failed: ${errorMessage(error)}`);
    if (!res.destroyed) res.write(`\r\n# export aborted: ${errorMessage(error).replace(/[\r\n]/g, ' ')}\r\n`);
  }
  res.end();
}
