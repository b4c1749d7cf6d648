import { describe, expect, it } from 'vitest';
import type { PreloadIpc } from '../../../../electron/shell/preloadApi.js';
import { createDesktopExportApi } from '../../../../electron/shell/preloadExport.js';
import {
  IPC_EXPORT_CANCEL_CHANNEL,
  IPC_EXPORT_CSV_CHANNEL,
  IPC_EXPORT_PROGRESS_CHANNEL,
} from '../../../../shared/wire.js';

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
  const emit = (...args: unknown[]) =>
    listeners.get(IPC_EXPORT_PROGRESS_CHANNEL)?.({ sender: 'raw' }, ...args);
  return { ipc, invocations, emit };
}

const job = { id: 'x', request: { tags: ['a/b/c'], from: 0, to: 10 } };

describe("the preload's desktop export", () => {
  it('exposes exactly exportCsv, cancelExport and onExportProgress, frozen', () => {
    const api = createDesktopExportApi(fakeIpc(null).ipc);
    expect(Object.keys(api).sort()).toEqual(['cancelExport', 'exportCsv', 'onExportProgress']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('asks the main process on its own channel and returns the validated outcome', async () => {
    const { ipc, invocations } = fakeIpc({ status: 'saved', rows: 3, file: 'a.csv' });
    const api = createDesktopExportApi(ipc);
    await expect(api.exportCsv(job)).resolves.toEqual({ status: 'saved', rows: 3, file: 'a.csv' });
    api.cancelExport('x');
    expect(invocations).toEqual([
      [IPC_EXPORT_CSV_CHANNEL, job],
      [IPC_EXPORT_CANCEL_CHANNEL, 'x'],
    ]);
  });

  it('turns a malformed answer into a failed outcome', async () => {
    const api = createDesktopExportApi(fakeIpc({ status: 'saved', rows: -1 }).ipc);
    await expect(api.exportCsv(job)).resolves.toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL' },
    });
  });

  it('hands progress to listeners without the raw IPC event, drops malformed progress, and unsubscribes', () => {
    const { ipc, emit } = fakeIpc(null);
    const api = createDesktopExportApi(ipc);
    const seen: unknown[][] = [];
    const off = api.onExportProgress((...args) => seen.push(args));
    emit({ id: 'x', rows: 10, fraction: 0.5 });
    emit({ id: 'x', rows: 'many' });
    off();
    emit({ id: 'x', rows: 20, fraction: 1 });
    expect(seen).toEqual([[{ id: 'x', rows: 10, fraction: 0.5 }]]);
  });
});
