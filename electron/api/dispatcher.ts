import {
  isMethodName,
  methods,
  type MethodName,
  type ParsedParams,
  type Result,
} from '../../shared/contract.js';
import { ApiError, describeZodError, type ApiErrorData } from '../../shared/errors.js';
import { hasRole, type Caller } from '../../shared/roles.js';
import type { Envelope } from '../../shared/wire.js';
import type { LiveSession } from '../live/liveHub.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import { WorkerError } from '../platform/workerProtocol.js';

export interface CallContext {
  caller: Caller;
  session: LiveSession;
}

/** One line per contract method; the compiler insists that every method has exactly one. */
export type Handlers = {
  [M in MethodName]: (params: ParsedParams<M>, context: CallContext) => Promise<Result<M>> | Result<M>;
};

export type Dispatch = (method: unknown, params: unknown, context: CallContext) => Promise<Envelope>;

/**
 * The single entry for every call from every transport: the method must be in the contract,
 * the caller must hold its role, the params must parse with its schema. The answer is always
 * an envelope — a result or `{ code, message }`; unexpected failures are logged here and the
 * client learns only that an internal error happened, never a stack trace.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, rawParams, context) => {
    if (!isMethodName(method)) {
      return failure({
        code: 'UNKNOWN_METHOD',
        message: `no such method: ${typeof method === 'string' ? method.slice(0, 80) : `(${typeof method})`}`,
      });
    }
    const spec = methods[method];
    if (!hasRole(context.caller, spec.role)) {
      return failure({ code: 'FORBIDDEN', message: `${method} needs the ${spec.role} role` });
    }
    const parsed = spec.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      return failure({ code: 'BAD_REQUEST', message: `${method}: ${describeZodError(parsed.error)}` });
    }
    try {
      const handler = handlers[method] as (params: unknown, context: CallContext) => unknown;
      return { ok: true, result: await handler(parsed.data, context) };
    } catch (error) {
      if (error instanceof ApiError) return failure(error.toData());
      // A worker that refused a stale write (CONFLICT), or could not answer: said as it is.
      if (
        error instanceof WorkerError &&
        (error.code === 'TIMEOUT' || error.code === 'UNAVAILABLE' || error.code === 'CONFLICT')
      ) {
        return failure({ code: error.code, message: error.message });
      }
      log.error(`${method} failed: ${errorMessage(error)}`);
      return failure({
        code: 'INTERNAL',
        message: `${method} failed with an internal error; see the app log`,
      });
    }
  };
}

function failure(error: ApiErrorData): Envelope {
  return { ok: false, error };
}
