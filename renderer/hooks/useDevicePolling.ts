import { useEffect } from 'react';
import { useApi } from '../api/apiContext.js';
import { devicesActions } from '../stores/devicesStore.js';

/** How often the Devices screen asks for the counters (rates, errors) that are not pushed. */
const POLL_MS = 2_000;

/**
 * Keeps device counters fresh while a screen that shows them is open. Online changes and
 * configuration are pushed (onDevices); message rates and counts move all the time, so they
 * are asked for instead of pushed to every window that does not show them.
 */
export function useDevicePolling(): void {
  const api = useApi();
  useEffect(() => {
    let current = true;
    const load = () =>
      api.call('devices.list', {}).then(
        ({ devices }) => current && devicesActions.loadList(devices),
        () => {}, // the link banner says when the server is away; the next poll tries again
      );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api]);
}
