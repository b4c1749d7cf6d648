import { create } from 'zustand';
import type { Device } from '../../shared/domain.js';

/** Every known device with its online state, by id. */
export interface DevicesState {
  byId: Readonly<Record<string, Device>>;
}

export const emptyDevicesState: DevicesState = { byId: {} };

/** Replaces the store with a `devices.list` snapshot. */
export function applyDeviceList(list: readonly Device[]): DevicesState {
  return { byId: Object.fromEntries(list.map((device) => [device.id, device])) };
}

/** Applies onDevices: only the devices named change; others keep their object. */
export function applyDeviceChanges(state: DevicesState, changed: readonly Device[]): DevicesState {
  if (changed.length === 0) return state;
  const byId = { ...state.byId };
  for (const device of changed) byId[device.id] = device;
  return { byId };
}

export const useDevicesStore = create<DevicesState>()(() => emptyDevicesState);

export const devicesActions = {
  loadList(list: readonly Device[]): void {
    useDevicesStore.setState(applyDeviceList(list), true);
  },
  applyChanges(changed: readonly Device[]): void {
    useDevicesStore.setState((state) => applyDeviceChanges(state, changed), true);
  },
};
