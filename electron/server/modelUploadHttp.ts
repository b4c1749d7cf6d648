import type { IncomingMessage, ServerResponse } from 'node:http';
import { ModelFileSchema } from '../../shared/modelBindings.js';
import { MAX_MODEL_FILE_BYTES } from '../../shared/models.js';
import { callAndSend, sendError, type ReplyDeps } from './httpReply.js';

const PREFIX = '/api/models/';

/** The model file a path names (`/api/models/pump.onnx` → `pump.onnx`); null for other paths. */
export function modelUploadRoute(pathname: string): string | null {
  return pathname.startsWith(PREFIX) && pathname.length > PREFIX.length
    ? pathname.slice(PREFIX.length)
    : null;
}

type BinaryBody = { ok: true; bytes: Buffer } | { ok: false; status: 413 | 415; message: string };

/**
 * The raw bytes of an upload: `Content-Type: application/octet-stream` (a page elsewhere cannot
 * send that without a CORS preflight, which is never granted), at most MAX_MODEL_FILE_BYTES — a
 * larger one is refused as soon as it is, not after it has all arrived.
 */
async function readBinaryBody(req: IncomingMessage): Promise<BinaryBody> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/octet-stream')
    return { ok: false, status: 415, message: 'send the model as Content-Type: application/octet-stream' };
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = {
    ok: false,
    status: 413,
    message: `a model file holds at most ${MAX_MODEL_FILE_BYTES} bytes`,
  } as const;
  if (declared > MAX_MODEL_FILE_BYTES) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_MODEL_FILE_BYTES) return tooLarge;
    chunks.push(chunk);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/**
 * `POST /api/models/{file}.onnx`: a user's model file into the data folder's models/. It goes
 * through the dispatcher as the server's caller (`models.importFile`, engineer), so the role
 * check, the name's validation and the check by loading the model are the contract's: 200 with
 * the file and its signature, 400 a name or file that is refused (nothing replaced), 403, 413.
 */
export async function handleModelUpload(
  deps: ReplyDeps,
  rawName: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let file: string;
  try {
    file = decodeURIComponent(rawName);
  } catch {
    return sendError(res, 400, {
      code: 'BAD_REQUEST',
      message: 'the file name is not valid percent-encoding',
    });
  }
  const name = ModelFileSchema.safeParse(file);
  if (!name.success)
    return sendError(res, 400, {
      code: 'BAD_REQUEST',
      message: `${file.slice(0, 140)}: ${name.error.issues[0]?.message ?? 'not a model file name'}`,
    });
  const body = await readBinaryBody(req);
  if (!body.ok) {
    // The rest of a refused upload is not read: close the connection rather than drain 64 MiB.
    res.setHeader('Connection', 'close');
    return sendError(res, body.status, { code: 'BAD_REQUEST', message: body.message });
  }
  return callAndSend(deps, res, 'models.importFile', { file, data: body.bytes });
}
