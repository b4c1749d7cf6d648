import { createClient } from '../../shared/client.js';
import type { ControlRoomApi } from '../../shared/contract.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/wire.js';

/** The slice of ipcRenderer the preload needs; a test passes a fake. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void;
}

/**
 * Builds the one object the preload exposes as `window.watchkeeper`: the contract's `call` and
 * `on`, nothing else — never ipcRenderer or the raw IPC event. Results and events are parsed
 * with the contract's schemas here, before the page sees them.
 */
export function createPreloadApi(ipc: PreloadIpc): ControlRoomApi {
  const client = createClient({
    request: (method, params) => ipc.invoke(IPC_CALL_CHANNEL, method, params),
    onEvent: (listener) =>
      ipc.on(IPC_EVENT_CHANNEL, (_event, name, payload) => listener(String(name), payload)),
  });
  return Object.freeze({ call: client.call, on: client.on });
}
