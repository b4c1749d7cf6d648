import type { ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { MethodName, Result } from '../../shared/contract.js';
import { describeZodError, type ApiErrorData, type ErrorCode } from '../../shared/errors.js';
import type { CallContext, Dispatch } from '../api/dispatcher.js';

/** What the HTTP routes need to answer through the contract. */
export interface ReplyDeps {
  dispatch: Dispatch;
  context: CallContext;
}

export const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNKNOWN_METHOD: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/** Calls a contract method as the server's caller; answers its result or its error as JSON. */
export async function callAndSend<M extends MethodName>(
  deps: ReplyDeps,
  res: ServerResponse,
  method: M,
  params: unknown,
  statusOf: (result: Result<M>) => number = () => 200,
): Promise<void> {
  const envelope = await deps.dispatch(method, params, deps.context);
  if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
  sendJson(res, statusOf(envelope.result as Result<M>), envelope.result);
}

/** Parses a query string (or body) with its schema; a failure is answered 400 and gives null. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  query: unknown,
  res: ServerResponse,
): z.output<S> | null {
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
