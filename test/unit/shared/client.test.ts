import { describe, expect, it } from 'vitest';
import { createClient, type ClientTransport } from '../../../shared/client.js';
import { ApiError } from '../../../shared/errors.js';

function fakeTransport(answer: unknown) {
  let emit: (event: string, payload: unknown) => void = () => {};
  const transport: ClientTransport = {
    request: async () => answer,
    onEvent: (listener) => (emit = listener),
  };
  return { transport, emit: (event: string, payload: unknown) => emit(event, payload) };
}

describe('the validating client', () => {
  it('returns a result that matches the contract', async () => {
    const { transport } = fakeTransport({ ok: true, result: { tags: [] } });
    await expect(createClient(transport).call('tags.list', {})).resolves.toEqual({ tags: [] });
  });

  it('turns an error envelope into an ApiError with its code', async () => {
    const { transport } = fakeTransport({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'unknown tag: x' },
    });
    const error = await createClient(transport)
      .call('tags.list', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'unknown tag: x' });
  });

  it('refuses a result that does not match the contract', async () => {
    const { transport } = fakeTransport({ ok: true, result: { tags: [{ id: 42 }] } });
    await expect(createClient(transport).call('tags.list', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers well-formed events and drops malformed or unknown ones', () => {
    const { transport, emit } = fakeTransport(null);
    const problems: string[] = [];
    const client = createClient(transport, (message) => problems.push(message));
    const received: unknown[] = [];
    const off = client.on('onTagValues', (payload) => received.push(payload));
    emit('onTagValues', { values: [{ id: 'a/b', value: 1, quality: 0, ts: 5 }] });
    emit('onTagValues', { values: [{ id: 'a/b', value: { one: 1 }, quality: 0, ts: 5 }] });
    emit('onSomethingElse', {});
    off();
    emit('onTagValues', { values: [] });
    expect(received).toEqual([{ values: [{ id: 'a/b', value: 1, quality: 0, ts: 5 }] }]);
    expect(problems).toHaveLength(2);
  });
});
