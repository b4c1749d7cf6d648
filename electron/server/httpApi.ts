import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { MethodName, Result } from '../../shared/contract.js';
import type { Aggregate } from '../../shared/domain.js';
import { describeZodError, type ApiErrorData, type ErrorCode } from '../../shared/errors.js';
import { EventsQuerySchema, HistoryQuerySchema } from '../../shared/httpQuery.js';
import type { CallContext, Dispatch } from '../api/dispatcher.js';
import type { Logger } from '../platform/logger.js';
import type { CsvExportSource } from '../export/csvStream.js';
import { sendCsvExport } from './csvExport.js';

export interface HttpApiDeps {
  dispatch: Dispatch;
  context: CallContext;
  tagKey(id: string): number | undefined;
  historian: CsvExportSource;
  log: Logger;
}

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_METHOD: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/**
 * The HTTP read API for other tools (scripts, Excel, Grafana). Query strings are parsed with the
 * schemas in shared/httpQuery.ts and then go through the same dispatcher as every contract call,
 * so HTTP and WebSocket clients get the same validation, roles and errors.
 */
export async function handleApiRequest(
  deps: HttpApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, {
      code: 'BAD_REQUEST',
      message: `${req.method} is not allowed here; the HTTP API is read-only`,
    });
  }
  const query = Object.fromEntries(url.searchParams);
  switch (url.pathname) {
    case '/api/health':
      return callAndSend(deps, res, 'system.getHealth', {}, (health) =>
        health.status === 'error' ? 503 : 200,
      );
    case '/api/tags':
      return callAndSend(deps, res, 'tags.list', {});
    case '/api/devices':
      return callAndSend(deps, res, 'devices.list', {});
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

async function callAndSend<M extends MethodName>(
  deps: HttpApiDeps,
  res: ServerResponse,
  method: M,
  params: unknown,
  statusOf: (result: Result<M>) => number = () => 200,
): Promise<void> {
  const envelope = await deps.dispatch(method, params, deps.context);
  if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
  sendJson(res, statusOf(envelope.result as Result<M>), envelope.result);
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

function parseQuery<S extends z.ZodType>(schema: S, query: unknown, res: ServerResponse): z.output<S> | null {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  sendError(res, 400, { code: 'BAD_REQUEST', message: describeZodError(parsed.error) });
  return null;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, error: ApiErrorData): void {
  sendJson(res, status, error);
}
