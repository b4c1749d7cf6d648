import { ApiError } from '../../shared/errors.js';
import type { EventPayload } from '../../shared/contract.js';
import type { SyncStatus } from '../../shared/sync.js';
import type { SyncControl } from '../sync/ports.js';
import type { Handlers } from './dispatcher.js';

export type SyncMethods =
  'sync.status' | 'sync.settings' | 'sync.saveSettings' | 'sync.dropBacklog' | 'sync.reconnect';

/**
 * Cloud sync over the sync service's control port. The dispatcher has checked the role and the
 * params; changes are made as the caller the transport vouches for. A stale baseVersion is a
 * CONFLICT (someone else saved), settings the service cannot take are a BAD_REQUEST, each with
 * the reason in words. Settings name the cloud password by credential id only: it is stored
 * with `brokers.setCredential` (see cloudCredential.ts) and never travels back.
 */
export function syncHandlers(sync: SyncControl): Pick<Handlers, SyncMethods> {
  return {
    'sync.status': () => sync.status(),
    'sync.settings': () => sync.settings(),
    'sync.saveSettings': async ({ settings, baseVersion }, { caller }) => {
      const outcome = await sync.saveSettings(settings, baseVersion, caller.user);
      if (!outcome.ok)
        throw new ApiError(outcome.code === 'CONFLICT' ? 'CONFLICT' : 'BAD_REQUEST', outcome.message);
      return { version: outcome.version };
    },
    'sync.dropBacklog': (request, { caller }) => sync.dropBacklog(request, caller.user),
    'sync.reconnect': () => {
      sync.reconnect();
      return {};
    },
  };
}

/** How often, at most, windows hear of sync status: the contract's `onSync` promise. */
export const SYNC_PUSH_MS = 1_000;

/**
 * Forwards the service's status to every window as `onSync`, at most once a second whatever the
 * service does: a burst of changes sends the first at once and the newest at the end of the
 * second, never a stale one. Returns the function that stops it.
 */
export function pushSyncStatus(
  sync: Pick<SyncControl, 'onStatus'>,
  broadcast: (payload: EventPayload<'onSync'>) => void,
): () => void {
  let lastSentMs = -Infinity;
  let pending: SyncStatus | null = null;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    if (pending === null) return;
    const status = pending;
    pending = null;
    lastSentMs = Date.now();
    broadcast(status);
  };
  const off = sync.onStatus((status) => {
    pending = status;
    if (timer !== null) return;
    // Capped: a clock set back never holds the status for longer than the push period.
    const wait = Math.min(SYNC_PUSH_MS, lastSentMs + SYNC_PUSH_MS - Date.now());
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  });
  return () => {
    off();
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = null;
  };
}
