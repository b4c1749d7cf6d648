import {
  events,
  isEventName,
  methods,
  type ControlRoomApi,
  type EventName,
  type EventPayload,
  type MethodName,
  type Params,
  type Result,
} from './contract.js';
import { ApiError, describeZodError } from './errors.js';
import { EnvelopeSchema } from './wire.js';

/** What a transport must offer: send one call and get its raw envelope; deliver raw events. */
export interface ClientTransport {
  request(method: MethodName, params: unknown): Promise<unknown>;
  onEvent(listener: (event: string, payload: unknown) => void): void;
}

/**
 * Builds the typed ControlRoomApi over any transport. Results and events are parsed with the
 * contract's schemas before use, so a renderer never acts on a malformed message.
 */
export function createClient(
  transport: ClientTransport,
  onInvalid?: (message: string) => void,
): ControlRoomApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  transport.onEvent((event, payload) => {
    if (!isEventName(event)) {
      onInvalid?.(`ignored unknown event ${JSON.stringify(event).slice(0, 60)}`);
      return;
    }
    const parsed = events[event].payload.safeParse(payload);
    if (!parsed.success) {
      onInvalid?.(`ignored malformed ${event}: ${describeZodError(parsed.error)}`);
      return;
    }
    for (const listener of listeners.get(event) ?? []) listener(parsed.data as never);
  });

  return {
    async call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> {
      const raw = await transport.request(method, params);
      const envelope = EnvelopeSchema.safeParse(raw);
      if (!envelope.success) throw new ApiError('INTERNAL', `malformed answer to ${method}`);
      if (!envelope.data.ok) throw new ApiError(envelope.data.error.code, envelope.data.error.message);
      const result = methods[method].result.safeParse(envelope.data.result);
      if (!result.success) {
        throw new ApiError('INTERNAL', `malformed result of ${method}: ${describeZodError(result.error)}`);
      }
      return result.data as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
