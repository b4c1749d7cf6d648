import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDownMessage } from '../../../../../electron/sync/down/downMessage.js';
import { MAX_DOWN_MESSAGE_BYTES } from '../../../../../shared/sync.js';
import { downDocument } from '../../../../helpers/downDocuments.js';

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('readDownMessage', () => {
  it('reads a document as JSON, and the same gzip-compressed', async () => {
    const doc = downDocument('doc-1');
    expect(await readDownMessage(bytes(doc))).toMatchObject({ ok: true, message: { id: 'doc-1' } });
    expect(await readDownMessage(gzipSync(bytes(doc)))).toMatchObject({ ok: true, message: { id: 'doc-1' } });
  });

  it('refuses a message over the limit unread', async () => {
    const big = Buffer.alloc(MAX_DOWN_MESSAGE_BYTES + 1, 0x20);
    expect(await readDownMessage(big)).toMatchObject({ ok: false, cause: 'syncDown.oversized' });
  });

  it('refuses gzip that would inflate beyond the limit (a zip bomb), without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DOWN_MESSAGE_BYTES * 4, 0x20));
    expect(bomb.length).toBeLessThan(MAX_DOWN_MESSAGE_BYTES);
    expect(await readDownMessage(bomb)).toMatchObject({ ok: false, cause: 'syncDown.oversized' });
  });

  it('tells broken gzip, text that is not JSON and JSON of the wrong shape apart', async () => {
    const truncated = gzipSync(bytes(downDocument('doc-1'))).subarray(0, 30);
    expect(await readDownMessage(truncated)).toMatchObject({ ok: false, cause: 'syncDown.bad_gzip' });
    expect(await readDownMessage(Buffer.from('{"v":1,'))).toMatchObject({
      ok: false,
      cause: 'syncDown.not_json',
    });
    const wrong = { ...downDocument('doc-2'), kind: 'firmware' };
    expect(await readDownMessage(bytes(wrong))).toMatchObject({
      ok: false,
      cause: 'syncDown.bad_schema',
      id: 'doc-2',
      by: 'cloud-engineer',
    });
    expect(await readDownMessage(bytes([1, 2]))).toMatchObject({
      ok: false,
      cause: 'syncDown.bad_schema',
      id: null,
    });
  });
});
