import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeZodError, type ApiErrorData } from '../../shared/errors.js';
import { CsvExportQuerySchema } from '../../shared/httpQuery.js';
import { streamCsv, type CsvExportSource } from '../export/csvStream.js';
import { csvFileName, expectedRows, planCsvExport } from '../export/exportPlan.js';
import { errorMessage, type Logger } from '../platform/logger.js';

export interface CsvExportDeps {
  tagKey(id: string): number | undefined;
  historian: CsvExportSource;
  log: Logger;
}

/**
 * `GET /api/export/history.csv`: parses the query, then streams the CSV into the response. The
 * `X-Export-*` headers let a client show progress before the last row: the range (rows come in
 * time order, so a row's time tells how far the export is) and, at a resolution, the exact row
 * count. A client that goes away cancels the export: the historian is not read any further.
 */
export async function sendCsvExport(
  deps: CsvExportDeps,
  query: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
  sendError: (status: number, error: ApiErrorData) => void,
): Promise<void> {
  const parsed = CsvExportQuerySchema.safeParse(query);
  if (!parsed.success)
    return sendError(400, { code: 'BAD_REQUEST', message: describeZodError(parsed.error) });
  const planned = planCsvExport(parsed.data, deps.tagKey);
  if (!planned.ok) return sendError(404, planned.error);
  const { plan } = planned;
  const rows = expectedRows(plan);
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${csvFileName(plan)}"`,
    'Cache-Control': 'no-store',
    'X-Export-From': String(plan.from),
    'X-Export-To': String(plan.to),
    ...(rows === null ? {} : { 'X-Export-Rows': String(rows) }),
  });
  if (req.method === 'HEAD') return void res.end();
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  try {
    const result = await streamCsv(deps.historian, plan, res, { signal: gone.signal });
    if (!result.complete) deps.log.info(`CSV export cancelled by the client after ${result.rows} rows`);
  } catch (error) {
    // Headers are gone: all that can be done is to end the stream visibly short.
    deps.log.error(`CSV export failed: ${errorMessage(error)}`);
    if (!res.destroyed) res.write(`\r\n# export aborted: ${errorMessage(error).replace(/[\r\n]/g, ' ')}\r\n`);
  }
  res.end();
}
