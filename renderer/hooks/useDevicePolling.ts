import type { ControlRoomApi } from '../../shared/contract.js';
import { devicesActions } from '../stores/devicesStore.js';
import { usePolling } from './usePolling.js';

/** How often the Devices screen asks for the counters (rates, errors) that are not pushed. */
const POLL_MS = 2_000;

const listDevices = (api: ControlRoomApi) => api.call('devices.list', {});
const applyDevices = ({ devices }: Awaited<ReturnType<typeof listDevices>>) =>
  devicesActions.loadList(devices);

/**
 * Keeps device counters fresh while a screen that shows them is open. Online changes and
 * configuration are pushed (onDevices); message rates and counts move all the time, so they
 * are asked for instead of pushed to every window that does not show them.
 */
export function useDevicePolling(): void {
  usePolling(listDevices, applyDevices, POLL_MS);
}
