import { createClient } from '../../shared/client.js';
import type { ControlRoomApi } from '../../shared/contract.js';
import type { Connection, LinkStatus } from './connection.js';
import { createWsTransport, defaultWsUrl } from './wsTransport.js';

let connection: Connection | null = null;

/**
 * The API the renderer talks to: the preload's object inside Electron, else a validating client
 * over a WebSocket to the page's own origin. Built on first use, never at import.
 */
export function getApi(): ControlRoomApi {
  return getConnection().api;
}

export function getConnection(): Connection {
  connection ??= window.watchkeeper ? ipcConnection(window.watchkeeper) : wsConnection();
  return connection;
}

function wsConnection(): Connection {
  const transport = createWsTransport({ url: defaultWsUrl(location) });
  const api = createClient(transport, (message) => console.warn(`[api] ${message}`));
  return {
    api,
    kind: 'websocket',
    getStatus: transport.getStatus,
    onStatusChange: transport.onStatusChange,
    onConnected: transport.onConnected,
    start: transport.start,
    stop: transport.stop,
  };
}

/** IPC to the main process cannot drop while the window lives, so it is connected from start. */
function ipcConnection(api: ControlRoomApi): Connection {
  const connectedListeners = new Set<() => void>();
  let status: LinkStatus = 'connecting';
  const statusListeners = new Set<(next: LinkStatus) => void>();
  return {
    api,
    kind: 'ipc',
    getStatus: () => status,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onConnected(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    start() {
      if (status === 'connected') return;
      status = 'connected';
      for (const listener of statusListeners) listener(status);
      for (const listener of connectedListeners) listener();
    },
    stop() {},
  };
}
