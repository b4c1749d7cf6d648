import { ApiError } from '../../shared/errors.js';
import type { Connection } from '../api/connection.js';
import { devicesActions } from './devicesStore.js';
import { healthActions } from './healthStore.js';
import { tagsActions } from './tagsStore.js';
import { commandsActions } from './commandsStore.js';
import { alarmsActions } from './alarmsStore.js';
import { syncActions } from './syncStore.js';

export interface BootstrapOptions {
  /** Wait before loading again after a failure while the link stays up. */
  retryMs?: number;
}

/**
 * Wires the API into the stores and starts the connection. On every connect, the first and each
 * reconnect, it subscribes to every tag and then loads tags, devices, health and alarms afresh:
 * whatever changed while the link was down is picked up, and events keep the stores current in
 * between. Alarms and cloud sync load on their own, so a failure there never keeps the plant's values off the
 * screen (nor the reverse). Returns the function that undoes all of it.
 */
export function startBootstrap(connection: Connection, options: BootstrapOptions = {}): () => void {
  const { api } = connection;
  const retryMs = options.retryMs ?? 5_000;
  let generation = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let alarmsRetryTimer: ReturnType<typeof setTimeout> | null = null;

  async function loadAlarms(mine: number): Promise<void> {
    if (alarmsRetryTimer) clearTimeout(alarmsRetryTimer);
    alarmsRetryTimer = null;
    try {
      const [list, settings] = await Promise.all([
        api.call('alarms.list', {}),
        api.call('alarms.getSettings', {}),
      ]);
      if (mine !== generation) return;
      alarmsActions.setSettings(settings);
      alarmsActions.loadList(list.alarms);
    } catch (error) {
      if (mine !== generation) return;
      alarmsActions.loadFailed(describe(error));
      if (connection.getStatus() === 'connected')
        alarmsRetryTimer = setTimeout(() => void loadAlarms(mine), retryMs);
    }
  }

  /** On its own too: the status bar's cloud chip; onSync pushes keep it current after. */
  async function loadSync(mine: number): Promise<void> {
    try {
      const status = await api.call('sync.status', {});
      if (mine === generation) syncActions.setStatus(status);
    } catch {
      // The next push or reconnect brings it; the link banner says when the server is away.
    }
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    void loadAlarms(mine);
    void loadSync(mine);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    try {
      // Subscribing before taking the snapshot loses no change in between; for each tag the store
      // keeps whichever of snapshot and live value is newer.
      await api.call('live.subscribe', { tags: null });
      const [tags, devices, health, caller] = await Promise.all([
        api.call('tags.list', {}),
        api.call('devices.list', {}),
        api.call('system.getHealth', {}),
        api.call('system.getCaller', {}),
      ]);
      if (mine !== generation) return;
      commandsActions.setCaller(caller);
      alarmsActions.setCaller(caller);
      tagsActions.loadList(tags.tags);
      devicesActions.loadList(devices.devices);
      healthActions.setHealth(health);
      healthActions.loaded();
    } catch (error) {
      if (mine !== generation) return;
      healthActions.loadFailed(describe(error));
      // A dropped link loads again on reconnect; a failure on a live link is retried here.
      if (connection.getStatus() === 'connected') retryTimer = setTimeout(() => void load(), retryMs);
    }
  }

  const unsubscribe = [
    api.on('onTagValues', ({ values }) => {
      tagsActions.applyValues(values);
      healthActions.touch();
    }),
    api.on('onTagsDiscovered', ({ tags }) => tagsActions.applyDiscovered(tags)),
    api.on('onDevices', ({ devices }) => {
      devicesActions.applyChanges(devices);
      healthActions.touch();
    }),
    api.on('onHealth', (health) => healthActions.setHealth(health)),
    api.on('onCommand', (record) => commandsActions.apply(record)),
    api.on('onAlarms', (delta) => alarmsActions.applyDelta(delta)),
    api.on('onSync', (status) => syncActions.setStatus(status)),
    connection.onStatusChange((status) => healthActions.setLink(status, connection.kind)),
    connection.onConnected(() => void load()),
  ];
  healthActions.setLink(connection.getStatus(), connection.kind);
  connection.start();

  return () => {
    generation++;
    if (retryTimer) clearTimeout(retryTimer);
    if (alarmsRetryTimer) clearTimeout(alarmsRetryTimer);
    for (const off of unsubscribe) off();
    connection.stop();
  };
}

function describe(error: unknown): string {
  return error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
}
