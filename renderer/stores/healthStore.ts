import { create } from 'zustand';
import type { Health } from '../../shared/domain.js';
import type { LinkStatus } from '../api/connection.js';

export interface HealthState {
  /** The server's last Health report. */
  health: Health | null;
  /** This window's own link to the app server. */
  link: LinkStatus;
  linkKind: 'ipc' | 'websocket';
  /** When the server last told us anything (health, values, devices), epoch ms. */
  lastUpdate: number | null;
  /** Counts completed loads; views holding history fetch it again when it changes. */
  syncEpoch: number;
  /** Why the last load failed, until one succeeds. */
  loadError: string | null;
}

export const initialHealthState: HealthState = {
  health: null,
  link: 'connecting',
  linkKind: 'websocket',
  lastUpdate: null,
  syncEpoch: 0,
  loadError: null,
};

export const useHealthStore = create<HealthState>()(() => initialHealthState);

export const healthActions = {
  setHealth(health: Health, now = Date.now()): void {
    useHealthStore.setState({ health, lastUpdate: now });
  },
  setLink(link: LinkStatus, linkKind: HealthState['linkKind']): void {
    useHealthStore.setState({ link, linkKind });
  },
  /** Notes that the server spoke. The bar shows seconds, so finer updates would only re-render. */
  touch(now = Date.now()): void {
    const { lastUpdate } = useHealthStore.getState();
    if (lastUpdate === null || now - lastUpdate >= 1000) useHealthStore.setState({ lastUpdate: now });
  },
  loaded(now = Date.now()): void {
    useHealthStore.setState((state) => ({
      syncEpoch: state.syncEpoch + 1,
      loadError: null,
      lastUpdate: now,
    }));
  },
  loadFailed(message: string): void {
    useHealthStore.setState({ loadError: message });
  },
};
