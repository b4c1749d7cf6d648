import { z } from 'zod';
import { ApiErrorSchema } from './errors.js';

/**
 * Messages on the wire, shared by both transports. A call's answer is an envelope: a result, or
 * an error as `{ code, message }`. The WebSocket transport adds call ids and event frames.
 */
export const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** Client → server over /api/ws. */
export const WsCallSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().min(0),
  method: z.string().max(100),
  params: z.unknown(),
});
export type WsCall = z.infer<typeof WsCallSchema>;

/** Server → client over /api/ws. */
export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/** IPC channel names used by the Electron transport. */
export const IPC_CALL_CHANNEL = 'watchkeeper:call';
export const IPC_EVENT_CHANNEL = 'watchkeeper:event';
