import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { describeZodError } from '../../../shared/errors.js';
import {
  DownConfigMessageSchema,
  MAX_DOWN_MESSAGE_BYTES,
  type DownConfigMessage,
} from '../../../shared/sync.js';

const inflate = promisify(gunzip);

/** Why a downward message could not be read; `cause` is the input-error counter's name. */
export interface Unreadable {
  ok: false;
  cause: 'syncDown.oversized' | 'syncDown.bad_gzip' | 'syncDown.not_json' | 'syncDown.bad_schema';
  detail: string;
  /** The document's id and sender when the JSON said them, so a rejection can name it. */
  id: string | null;
  by: string | null;
}

/**
 * Reads a downward message: at most MAX_DOWN_MESSAGE_BYTES on the wire and after inflating,
 * JSON, optionally gzip-compressed (recognised by its magic bytes 1f 8b), checked with
 * DownConfigMessageSchema. Inflating runs on libuv's thread pool, not the main thread.
 */
export async function readDownMessage(
  payload: Uint8Array,
): Promise<{ ok: true; message: DownConfigMessage } | Unreadable> {
  const unreadable = (cause: Unreadable['cause'], detail: string, json?: unknown): Unreadable => ({
    ok: false,
    cause,
    detail,
    id: field(json, 'id'),
    by: field(json, 'by'),
  });
  if (payload.byteLength > MAX_DOWN_MESSAGE_BYTES)
    return unreadable(
      'syncDown.oversized',
      `${payload.byteLength} bytes, more than ${MAX_DOWN_MESSAGE_BYTES}`,
    );
  let bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await inflate(bytes, { maxOutputLength: MAX_DOWN_MESSAGE_BYTES });
    } catch (error) {
      const message = (error as Error).message;
      return message.includes('maxOutputLength') ||
        (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? unreadable('syncDown.oversized', `inflates beyond ${MAX_DOWN_MESSAGE_BYTES} bytes`)
        : unreadable('syncDown.bad_gzip', message);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return unreadable('syncDown.not_json', (error as Error).message);
  }
  const parsed = DownConfigMessageSchema.safeParse(json);
  if (!parsed.success) return unreadable('syncDown.bad_schema', describeZodError(parsed.error), json);
  return { ok: true, message: parsed.data };
}

function field(json: unknown, name: 'id' | 'by'): string | null {
  const value = json && typeof json === 'object' ? (json as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : null;
}
