import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlarmActionResult, AlarmRefusal } from '../../shared/alarms.js';
import type { MethodName } from '../../shared/contract.js';
import type { ErrorCode } from '../../shared/errors.js';
import { readJsonBody } from './requestBody.js';
import { sendError, sendJson, STATUS, type ReplyDeps } from './httpReply.js';

/** The write actions by the last part of their path, and the contract method each calls. */
const ACTIONS = {
  ack: 'alarms.acknowledge',
  shelve: 'alarms.shelve',
  unshelve: 'alarms.unshelve',
  'out-of-service': 'alarms.setOutOfService',
  'return-to-service': 'alarms.returnToService',
  reset: 'alarms.reset',
  note: 'alarms.addNote',
} as const satisfies Record<string, MethodName>;
type Action = keyof typeof ACTIONS;

/** `POST /api/alarms/{id}/{action}` (one alarm) or `POST /api/alarms/{action}` (ids in the body). */
export interface AlarmActionRoute {
  action: string;
  /** The alarm the path names, decoded (`line1/pump3/flow%23level` → `line1/pump3/flow#level`). */
  id: string | null;
}

const PREFIX = '/api/alarms/';
/** Paths under /api/alarms/ that are read endpoints, not actions. */
const READ_PATHS = new Set(['/api/alarms/journal']);

/**
 * The action a path under /api/alarms/ names; null for other paths. The alarm id is every
 * segment before the action: ids hold the tag's slashes, and `#` must come percent-encoded.
 */
export function alarmActionRoute(pathname: string): AlarmActionRoute | null {
  if (!pathname.startsWith(PREFIX) || READ_PATHS.has(pathname)) return null;
  const rest = pathname.slice(PREFIX.length);
  const cut = rest.lastIndexOf('/');
  return { action: rest.slice(cut + 1), id: cut < 0 ? null : rest.slice(0, cut) };
}

/** How a refusal of the one alarm a path names is answered. */
const REFUSAL_STATUS: Partial<Record<AlarmRefusal, ErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  COMMENT_REQUIRED: 'BAD_REQUEST',
  SHELVING_TIME_OUT_OF_RANGE: 'BAD_REQUEST',
};

/**
 * A write action over HTTP: the JSON body is the contract method's params (with the alarm from
 * the path, for one alarm), and the call goes through the dispatcher as the server's caller — so
 * the role check and the validation are the contract's, and the journal names that caller. One
 * alarm: 200 with the result, or its refusal as an error (404 unknown alarm, 400 a missing
 * comment or a shelve too long, 409 the rest). Several: 200 with each alarm's outcome.
 */
export async function handleAlarmAction(
  deps: ReplyDeps,
  route: AlarmActionRoute,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!Object.hasOwn(ACTIONS, route.action)) {
    return sendError(res, 404, {
      code: 'NOT_FOUND',
      message: `no such alarm action: ${route.action.slice(0, 40)}`,
    });
  }
  const method = ACTIONS[route.action as Action];
  const id = decodedId(route.id);
  if (id === undefined) {
    return sendError(res, 400, {
      code: 'BAD_REQUEST',
      message: 'the alarm id in the path is not valid percent-encoding',
    });
  }
  const read = await readJsonBody(req);
  if (!read.ok) return sendError(res, read.status, { code: 'BAD_REQUEST', message: read.message });
  const body = read.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendError(res, 400, { code: 'BAD_REQUEST', message: 'the body must be a JSON object' });
  }
  if (id !== null && ('ids' in body || 'id' in body)) {
    return sendError(res, 400, {
      code: 'BAD_REQUEST',
      message:
        'the path names the alarm: leave id and ids out of the body, or POST to /api/alarms/' + route.action,
    });
  }
  const params = id === null ? body : method === 'alarms.addNote' ? { ...body, id } : { ...body, ids: [id] };
  const envelope = await deps.dispatch(method, params, deps.context);
  if (!envelope.ok) return sendError(res, STATUS[envelope.error.code], envelope.error);
  const result = envelope.result as AlarmActionResult;
  const [only] = result.results;
  if (id !== null && only && !only.ok) {
    const code = REFUSAL_STATUS[only.code] ?? 'CONFLICT';
    return sendError(res, STATUS[code], { code, message: `${only.message} (${only.code})` });
  }
  sendJson(res, 200, result);
}

/** The path's alarm id decoded; undefined when its percent-encoding is broken. */
function decodedId(raw: string | null): string | null | undefined {
  if (raw === null) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
