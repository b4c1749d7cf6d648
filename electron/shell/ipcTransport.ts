import { ipcMain, type WebContents } from 'electron';
import type { Caller } from '../../shared/roles.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type Envelope } from '../../shared/wire.js';
import type { Dispatch } from '../api/dispatcher.js';
import type { LiveHub, LiveSession } from '../live/liveHub.js';
import { isAppUrl } from './windowOptions.js';

/**
 * The Electron IPC transport: one invoke channel for contract calls, one channel for events.
 * Calls are accepted only from frames showing our own app:// origin; the dispatcher parses
 * every payload with the contract's schemas.
 */
export function registerIpcTransport(deps: {
  dispatch: Dispatch;
  live: LiveHub;
  caller: Caller;
}): () => void {
  const sessions = new Map<number, LiveSession>();

  const sessionFor = (contents: WebContents): LiveSession => {
    let session = sessions.get(contents.id);
    if (!session) {
      session = deps.live.connect({
        send: (event, payload) => {
          if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event, payload);
        },
      });
      sessions.set(contents.id, session);
      contents.once('destroyed', () => {
        sessions.get(contents.id)?.close();
        sessions.delete(contents.id);
      });
    }
    return session;
  };

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, params: unknown): Promise<Envelope> => {
    if (!isAppUrl(event.senderFrame?.url)) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'calls are accepted only from the app itself' },
      };
    }
    return deps.dispatch(method, params, { caller: deps.caller, session: sessionFor(event.sender) });
  });

  return () => {
    ipcMain.removeHandler(IPC_CALL_CHANNEL);
    for (const session of sessions.values()) session.close();
    sessions.clear();
  };
}
