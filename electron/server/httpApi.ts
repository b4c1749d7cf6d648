import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Result } from '../../shared/contract.js';
import type { Aggregate } from '../../shared/domain.js';
import { EventsQuerySchema, HistoryQuerySchema } from '../../shared/httpQuery.js';
import type { CallContext, Dispatch } from '../api/dispatcher.js';
import type { Logger } from '../platform/logger.js';
import type { CsvExportSource } from '../export/csvStream.js';
import type { AlarmCsvSource } from '../export/alarmJournalCsv.js';
import { alarmActionRoute, handleAlarmAction } from './alarmActionsHttp.js';
import { alarmReadRoutes } from './alarmHttp.js';
import { sendCsvExport } from './csvExport.js';
import { handleModelUpload, modelUploadRoute } from './modelUploadHttp.js';
import { callAndSend, parseQuery, sendError, sendJson, STATUS } from './httpReply.js';

export { sendError, sendJson } from './httpReply.js';

export interface HttpApiDeps {
  dispatch: Dispatch;
  context: CallContext;
  tagKey(id: string): number | undefined;
  historian: CsvExportSource;
  alarmJournal: AlarmCsvSource;
  log: Logger;
}

/**
 * The HTTP API for other tools (scripts, Excel, Grafana): reads by GET, the alarm actions by POST
 * (alarmActionsHttp.ts), and model uploads by POST (modelUploadHttp.ts). Query strings and
 * bodies are parsed with the schemas in shared/ and then go through the same dispatcher as every contract call, so HTTP and WebSocket clients get
 * the same validation, roles and errors.
 */
export async function handleApiRequest(
  deps: HttpApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const action = alarmActionRoute(url.pathname);
  if (action) {
    if (req.method === 'POST') return handleAlarmAction(deps, action, req, res);
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, {
      code: 'BAD_REQUEST',
      message: `${req.method} is not allowed here; use POST`,
    });
  }
  const upload = modelUploadRoute(url.pathname);
  if (upload !== null) {
    if (req.method === 'POST') return handleModelUpload(deps, upload, req, res);
    res.setHeader('Allow', 'POST');
    return sendError(res, 405, {
      code: 'BAD_REQUEST',
      message: `${req.method} is not allowed here; use POST`,
    });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(res, 405, {
      code: 'BAD_REQUEST',
      message: `${req.method} is not allowed here; this endpoint is read-only`,
    });
  }
  const query = Object.fromEntries(url.searchParams);
  const alarmRoute = alarmReadRoutes[url.pathname];
  if (alarmRoute) return alarmRoute(deps, query, req, res);
  switch (url.pathname) {
    case '/api/health':
      return callAndSend(deps, res, 'system.getHealth', {}, (health) =>
        health.status === 'error' ? 503 : 200,
      );
    case '/api/tags':
      return callAndSend(deps, res, 'tags.list', {});
    case '/api/devices':
      return callAndSend(deps, res, 'devices.list', {});
    case '/api/sync':
      return callAndSend(deps, res, 'sync.status', {});
    case '/api/history': {
      const parsed = parseQuery(HistoryQuerySchema, query, res);
      if (!parsed) return;
      const { resolution, aggregate, ...range } = parsed;
      if (resolution === undefined && aggregate === undefined)
        return callAndSend(deps, res, 'history.queryRange', range);
      return sendAggregate(deps, res, { ...range, resolution, aggregate: aggregate ?? 'avg' });
    }
    case '/api/events': {
      const parsed = parseQuery(EventsQuerySchema, query, res);
      if (!parsed) return;
      return callAndSend(deps, res, 'history.queryEvents', parsed);
    }
    case '/api/config/site.json':
      return sendSiteConfig(deps, res);
    case '/api/export/history.csv':
      return sendCsvExport(deps, query, req, res, (status, error) => sendError(res, status, error));
    default:
      return sendError(res, 404, {
        code: 'NOT_FOUND',
        message: `no such endpoint: ${url.pathname.slice(0, 100)}`,
      });
  }
}

/** One aggregate per interval, shaped like a series so tools read it as they read raw history. */
async function sendAggregate(
  deps: HttpApiDeps,
  res: ServerResponse,
  query: {
    tag: string;
    from: number;
    to: number;
    maxPoints: number;
    resolution?: number;
    aggregate: Aggregate;
  },
): Promise<void> {
  const interval = query.resolution ?? Math.max(1, Math.ceil((query.to - query.from + 1) / query.maxPoints));
  const params = {
    tags: [query.tag],
    from: query.from,
    to: query.to,
    interval,
    aggregates: [query.aggregate],
  };
  const envelope = await deps.dispatch('history.queryAggregates', params, deps.context);
  if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
  const [series] = (envelope.result as Result<'history.queryAggregates'>).series;
  sendJson(res, 200, {
    tag: query.tag,
    from: query.from,
    to: query.to,
    interval,
    aggregate: query.aggregate,
    points: {
      ts: series?.start ?? [],
      value: series?.values[query.aggregate] ?? [],
      quality: series?.quality ?? [],
    },
  });
}

/** The site configuration as a download, named by the day it was exported. */
async function sendSiteConfig(deps: HttpApiDeps, res: ServerResponse): Promise<void> {
  const envelope = await deps.dispatch('site.exportConfig', {}, deps.context);
  if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
  const file = envelope.result as Result<'site.exportConfig'>;
  const day = new Date(file.exportedMs ?? Date.now()).toISOString().slice(0, 10);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="watchkeeper-site-${day}.json"`,
    'Cache-Control': 'no-store',
  });
  res.end(`${JSON.stringify(file, null, 2)}\n`);
}
