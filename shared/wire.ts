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

/**
 * The desktop app's CSV export (shared/csvExport.ts): the page asks to export (the main process
 * shows a save dialog and writes the file), may cancel by id, and hears progress on its own
 * channel. A shell capability beside the contract, since a browser saves through HTTP instead.
 */
export const IPC_EXPORT_CSV_CHANNEL = 'watchkeeper:export-csv';
export const IPC_EXPORT_CANCEL_CHANNEL = 'watchkeeper:export-cancel';
export const IPC_EXPORT_PROGRESS_CHANNEL = 'watchkeeper:export-progress';
