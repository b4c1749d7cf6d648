import type { IncomingMessage } from 'node:http';

/** Largest JSON body taken: "acknowledge all visible" names up to 5,000 alarm ids. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export type BodyResult =
  { ok: true; body: unknown } | { ok: false; status: 400 | 413 | 415; message: string };

/**
 * Reads a request's JSON body: it must say `Content-Type: application/json` (a page elsewhere
 * can send a form or text/plain without asking, but not JSON: that takes a CORS preflight we
 * never grant), stay under MAX_BODY_BYTES, and parse. An empty body is `{}`.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return { ok: false, status: 415, message: 'send the body as Content-Type: application/json' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      return { ok: false, status: 413, message: `the body is larger than ${MAX_BODY_BYTES} bytes` };
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'the body is not valid JSON' };
  }
}
