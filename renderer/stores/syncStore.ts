import { create } from 'zustand';
import type { Role } from '../../shared/roles.js';
import { hasRole } from '../../shared/roles.js';
import type { SyncStatus } from '../../shared/sync.js';
import type { CommandsState } from './commandsStore.js';

/** Cloud sync as the server last told it: `sync.status` on connect, then `onSync` pushes. */
export interface SyncState {
  status: SyncStatus | null;
}

export const useSyncStore = create<SyncState>()(() => ({ status: null }));

export const syncActions = {
  setStatus(status: SyncStatus): void {
    useSyncStore.setState({ status });
  },
};

/** Whether the caller (as `system.getCaller` told it) holds a role; false before it is known. */
export const callerHas =
  (role: Role) =>
  (state: CommandsState): boolean =>
    state.caller !== null && hasRole(state.caller, role);
