import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ControlRoomApi, EventName, EventPayload, MethodName } from '../../../../shared/contract.js';
import { ApiError } from '../../../../shared/errors.js';
import { Quality } from '../../../../shared/quality.js';
import type { Connection, LinkStatus } from '../../../../renderer/api/connection.js';
import { startBootstrap } from '../../../../renderer/stores/bootstrap.js';
import { emptyDevicesState, useDevicesStore } from '../../../../renderer/stores/devicesStore.js';
import { initialHealthState, useHealthStore } from '../../../../renderer/stores/healthStore.js';
import { tagsActions, useTagsStore } from '../../../../renderer/stores/tagsStore.js';
import { DEFAULT_ALARM_SETTINGS } from '../../../../shared/alarms.js';
import { alarmsActions, useAlarmsStore } from '../../../../renderer/stores/alarmsStore.js';
import { alarm } from '../alarms/alarmFixtures.js';
import { device, health, tag } from './fixtures.js';
import { useSyncStore } from '../../../../renderer/stores/syncStore.js';
import { syncStatus } from '../sync/syncFixtures.js';

/** A server in memory: answers from `answers`, records calls, and can emit events and (re)connect. */
function fakeConnection() {
  const calls: MethodName[] = [];
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const connected = new Set<() => void>();
  let status: LinkStatus = 'connecting';
  const answers: Partial<Record<MethodName, () => unknown>> = {
    'live.subscribe': () => ({ subscribed: 1 }),
    'tags.list': () => ({ tags: [tag('l1/pump1/flow')] }),
    'devices.list': () => ({ devices: [device('l1/pump1', 'l1')] }),
    'system.getHealth': () => health(),
    'system.getCaller': () => ({ user: 'erin', roles: ['engineer'] }),
    'alarms.list': () => ({ alarms: [alarm('l1/pump1/flow#level')], counts: ZERO_COUNTS }),
    'alarms.getSettings': () => DEFAULT_ALARM_SETTINGS,
  };
  const api: ControlRoomApi = {
    async call(method) {
      calls.push(method);
      await Promise.resolve();
      const answer = answers[method];
      if (!answer) throw new ApiError('UNKNOWN_METHOD', method);
      return answer() as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  const connection: Connection = {
    api,
    kind: 'websocket',
    getStatus: () => status,
    onStatusChange: () => () => {},
    onConnected(listener) {
      connected.add(listener);
      return () => connected.delete(listener);
    },
    start() {},
    stop() {},
  };
  return {
    connection,
    calls,
    answers,
    connect() {
      status = 'connected';
      for (const listener of connected) listener();
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
    },
  };
}

const ZERO_COUNTS = {
  low: { unacked: 0, total: 0 },
  medium: { unacked: 0, total: 0 },
  high: { unacked: 0, total: 0 },
  critical: { unacked: 0, total: 0 },
};

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  tagsActions.reset();
  useDevicesStore.setState(emptyDevicesState, true);
  useHealthStore.setState(initialHealthState, true);
  alarmsActions.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('bootstrap', () => {
  it('on connect subscribes to every tag first, then loads tags, devices and health into the stores', async () => {
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    expect(server.calls).toEqual([]);
    server.connect();
    await settle();
    const plant = server.calls.filter(
      (method) => !method.startsWith('alarms.') && !method.startsWith('sync.'),
    );
    expect(plant[0]).toBe('live.subscribe');
    expect(plant.slice(1).sort()).toEqual([
      'devices.list',
      'system.getCaller',
      'system.getHealth',
      'tags.list',
    ]);
    expect(useTagsStore.getState().tags['l1/pump1/flow']?.value).toBe(1);
    expect(useDevicesStore.getState().byId['l1/pump1']?.online).toBe(true);
    expect(useHealthStore.getState()).toMatchObject({ syncEpoch: 1, loadError: null });
    expect(useHealthStore.getState().health?.broker.state).toBe('connected');
    stop();
  });

  it('loads everything again after a reconnect, so changes made while the link was down appear', async () => {
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    server.connect();
    await settle();
    server.answers['tags.list'] = () => ({ tags: [tag('l1/pump1/flow', { value: 42, ts: 9_000 })] });
    server.connect();
    await settle();
    expect(server.calls.filter((method) => method === 'live.subscribe')).toHaveLength(2);
    expect(useTagsStore.getState().tags['l1/pump1/flow']?.value).toBe(42);
    expect(useHealthStore.getState().syncEpoch).toBe(2);
    stop();
  });

  it('feeds live events into the stores', async () => {
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    server.connect();
    await settle();
    server.emit('onTagValues', {
      values: [{ id: 'l1/pump1/flow', value: 5, quality: Quality.Good, ts: 2_000 }],
    });
    server.emit('onDevices', { devices: [device('l1/pump1', 'l1', false)] });
    server.emit('onHealth', health({ demo: true }));
    const { value: _v, quality: _q, ts: _t, ...meta } = tag('l1/pump1/vibration');
    server.emit('onTagsDiscovered', { tags: [meta] });
    expect(useTagsStore.getState().tags['l1/pump1/flow']?.value).toBe(5);
    expect(useTagsStore.getState().index.byDevice['l1/pump1']).toContain('l1/pump1/vibration');
    expect(useDevicesStore.getState().byId['l1/pump1']?.online).toBe(false);
    expect(useHealthStore.getState().health?.demo).toBe(true);
    stop();
  });

  it('records a failed load and tries again while the link stays up', async () => {
    const server = fakeConnection();
    server.answers['tags.list'] = () => {
      throw new ApiError('INTERNAL', 'historian busy');
    };
    const stop = startBootstrap(server.connection, { retryMs: 1_000 });
    server.connect();
    await settle();
    expect(useHealthStore.getState().loadError).toBe('INTERNAL: historian busy');
    server.answers['tags.list'] = () => ({ tags: [] });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useHealthStore.getState()).toMatchObject({ loadError: null, syncEpoch: 1 });
    stop();
  });

  it('loads the alarms, the alarm settings and who we are, and applies alarm events', async () => {
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    server.connect();
    await settle();
    expect(Object.keys(useAlarmsStore.getState().byId)).toEqual(['l1/pump1/flow#level']);
    expect(useAlarmsStore.getState()).toMatchObject({ loaded: true, caller: { user: 'erin' } });
    server.emit('onAlarms', {
      alarms: [alarm('l1/pump2/flow#level')],
      removed: ['l1/pump1/flow#level'],
      counts: ZERO_COUNTS,
    });
    expect(Object.keys(useAlarmsStore.getState().byId)).toEqual(['l1/pump2/flow#level']);
    stop();
  });

  it('shows the plant even when the alarms cannot be loaded, and loads them again later', async () => {
    const server = fakeConnection();
    server.answers['alarms.list'] = () => {
      throw new ApiError('UNAVAILABLE', 'alarm engine starting');
    };
    const stop = startBootstrap(server.connection, { retryMs: 1_000 });
    server.connect();
    await settle();
    expect(useHealthStore.getState()).toMatchObject({ loadError: null, syncEpoch: 1 });
    expect(useAlarmsStore.getState().loadError).toBe('UNAVAILABLE: alarm engine starting');
    server.answers['alarms.list'] = () => ({ alarms: [], counts: ZERO_COUNTS });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useAlarmsStore.getState()).toMatchObject({ loadError: null, loaded: true });
    stop();
  });

  it('loads the cloud sync status on connect and follows onSync pushes, and shows the plant without it', async () => {
    useSyncStore.setState({ status: null });
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    server.connect();
    await settle();
    // This server does not answer sync.status: the plant shows regardless.
    expect(useSyncStore.getState().status).toBeNull();
    expect(useHealthStore.getState()).toMatchObject({ syncEpoch: 1, loadError: null });
    server.answers['sync.status'] = () => syncStatus({ link: 'down' });
    server.connect();
    await settle();
    expect(useSyncStore.getState().status?.link).toBe('down');
    server.emit('onSync', syncStatus({ link: 'up' }));
    expect(useSyncStore.getState().status?.link).toBe('up');
    stop();
  });

  it('stops listening once stopped', async () => {
    const server = fakeConnection();
    const stop = startBootstrap(server.connection);
    server.connect();
    await settle();
    stop();
    server.emit('onTagValues', {
      values: [{ id: 'l1/pump1/flow', value: 5, quality: Quality.Good, ts: 2_000 }],
    });
    expect(useTagsStore.getState().tags['l1/pump1/flow']?.value).toBe(1);
  });
});
