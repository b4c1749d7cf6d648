import { describe, expect, it } from 'vitest';
import { createPreloadApi, type PreloadIpc } from '../../../../electron/shell/preloadApi.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../../shared/wire.js';

function fakeIpc(answer: unknown) {
  const invocations: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc: PreloadIpc = {
    invoke: async (...args) => {
      invocations.push(args);
      return answer;
    },
    on: (channel, listener) => void listeners.set(channel, listener),
  };
  return {
    ipc,
    invocations,
    emit: (...args: unknown[]) => listeners.get(IPC_EVENT_CHANNEL)?.({ sender: 'raw' }, ...args),
  };
}

describe('the preload API', () => {
  it('exposes exactly call and on, frozen', () => {
    const api = createPreloadApi(fakeIpc(null).ipc);
    expect(Object.keys(api).sort()).toEqual(['call', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends calls over the one call channel and returns validated results', async () => {
    const { ipc, invocations } = fakeIpc({ ok: true, result: { tags: [] } });
    await expect(createPreloadApi(ipc).call('tags.list', {})).resolves.toEqual({ tags: [] });
    expect(invocations).toEqual([[IPC_CALL_CHANNEL, 'tags.list', {}]]);
  });

  it('never hands the raw IPC event to the page', () => {
    const { ipc, emit } = fakeIpc(null);
    const received: unknown[][] = [];
    createPreloadApi(ipc).on('onTagValues', (...args) => received.push(args));
    emit('onTagValues', { values: [] });
    expect(received).toEqual([[{ values: [] }]]);
  });

  it('drops events that do not match the contract', () => {
    const { ipc, emit } = fakeIpc(null);
    const received: unknown[] = [];
    createPreloadApi(ipc).on('onTagValues', (payload) => received.push(payload));
    emit('onTagValues', { values: 'everything' });
    expect(received).toEqual([]);
  });
});
