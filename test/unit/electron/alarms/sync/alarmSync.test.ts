import { afterEach, describe, expect, it } from 'vitest';
import { AlarmSync } from '../../../../../electron/alarms/sync/alarmSync.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import type { AlarmAction } from '../../../../../shared/alarms.js';
import { waitFor } from '../../../../helpers/waitFor.js';
import { act, ALARM } from './syncActions.js';
import { FakeEngine } from '../../../../helpers/fakeAlarmEngine.js';
import { SyncBus } from './syncBus.js';

/** Lets the outbox's setImmediate and the transport's promises run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

const running: AlarmSync[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sync) => sync.stop()));
});

function station(bus: SyncBus, name: string, options: { connect?: boolean; now?: () => number } = {}) {
  const errors: string[] = [];
  const ref: { engine?: FakeEngine } = {};
  const sync = new AlarmSync({
    site: 'plant',
    station: name,
    transport: bus.transport(name),
    alarm: (id) => ref.engine?.alarms.get(id),
    errors: { record: (cause) => errors.push(cause) },
    log: createMemoryLogger(name),
    now: options.now,
    recheckMs: 20,
  });
  const engine = new FakeEngine(sync);
  ref.engine = engine;
  sync.start();
  running.push(sync);
  if (options.connect ?? true) bus.connect(name, sync.route);
  const lines = () =>
    engine.journal.map((line) => `${line.action.type}/${line.action.by.station}:${line.delivery}`);
  return { sync, engine, errors, lines };
}

const action = (kind: AlarmAction['type'], who: string, ms: number, extra = {}): AlarmAction =>
  act(kind, who, ms, extra).action;

describe('alarm sync between stations', () => {
  it("applies one station's shelve on another and journals it there once, though QoS 1 repeats it", async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    a.engine.raise(ALARM, 500);
    b.engine.raise(ALARM, 500);
    a.engine.local(a.sync, action('shelve', 'a', Date.now()));
    await settle();
    const sent = bus.published.find((m) => !m.retain)!;
    bus.inject(sent.topic, sent.payload); // delivered again
    bus.deliver('b');
    bus.deliver('a'); // a's own echoes change nothing
    expect(b.engine.alarms.get(ALARM)?.shelved?.station).toBe('a');
    expect(b.lines()).toEqual(['shelve/a:apply']);
    expect(a.lines()).toEqual(['shelve/a:local']);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('ends both stations unshelved when a shelve and a later unshelve cross, and journals both on both', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    for (const s of [a, b]) s.engine.raise(ALARM, 500);
    const t = Date.now();
    a.engine.local(a.sync, action('shelve', 'a', t));
    await settle();
    b.engine.local(b.sync, action('unshelve', 'b', t)); // b has not seen a's shelve yet
    b.engine.local(b.sync, action('shelve', 'b', t)); // … and shelves with its own reason
    b.engine.local(b.sync, action('unshelve', 'b', t));
    await settle();
    bus.deliver('a', 'lifo');
    bus.deliver('b', 'lifo');
    expect(a.engine.alarms.get(ALARM)?.shelved).toBeNull();
    expect(b.engine.alarms.get(ALARM)?.shelved).toBeNull();
    expect(b.lines()).toContain('shelve/a:journal');
    expect(a.lines().filter((line) => line.endsWith(':apply') || line.endsWith(':journal'))).toHaveLength(3);
  });

  it('orders an action made after seeing another after it, though its station clock is an hour behind', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b', { now: () => Date.now() - 3_600_000 });
    const c = station(bus, 'c');
    for (const s of [a, b, c]) s.engine.raise(ALARM, 500);
    a.engine.local(a.sync, action('outOfService', 'a', Date.now()));
    await settle();
    bus.deliver('b');
    b.engine.local(b.sync, action('returnToService', 'b', Date.now() - 3_600_000));
    await settle();
    bus.deliver('c', 'lifo'); // c hears b's return to service before a's out of service
    bus.deliver('a');
    for (const s of [a, b, c]) expect(s.engine.alarms.get(ALARM)?.outOfService).toBeNull();
    expect(c.lines()).toEqual(['returnToService/b:apply', 'outOfService/a:journal']);
  });

  it('keeps both acks of one activation in both journals and the alarm acknowledged once', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    for (const s of [a, b]) s.engine.raise(ALARM, 500);
    a.engine.local(a.sync, action('acknowledge', 'a', Date.now(), { activeSinceMs: 500 }));
    b.engine.local(b.sync, action('acknowledge', 'b', Date.now(), { activeSinceMs: 500 }));
    await settle();
    bus.deliver('a');
    bus.deliver('b');
    expect(a.lines()).toEqual(['acknowledge/a:local', 'acknowledge/b:apply']);
    expect(b.lines()).toEqual(['acknowledge/b:local', 'acknowledge/a:apply']);
    for (const s of [a, b]) expect(s.engine.alarms.get(ALARM)?.acknowledged).toBe(true);
  });

  it('does not let an ack of an earlier activation acknowledge a newer one', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    a.engine.raise(ALARM, 5_000);
    b.engine.raise(ALARM, 8_000); // b already saw the alarm clear and come back
    a.engine.local(a.sync, action('acknowledge', 'a', Date.now(), { activeSinceMs: 5_000 }));
    await settle();
    bus.deliver('b');
    expect(b.lines()).toEqual(['acknowledge/a:journal']);
    expect(b.engine.alarms.get(ALARM)?.acknowledged).toBe(false);
  });

  it('holds an ack of an activation this station has not raised yet, and applies it when it does', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    a.engine.raise(ALARM, 9_000);
    b.engine.raise(ALARM, 5_000); // b's ingest lags: it still shows the previous activation
    a.engine.local(a.sync, action('acknowledge', 'a', Date.now(), { activeSinceMs: 9_000 }));
    await settle();
    bus.deliver('b');
    expect(b.lines()).toEqual([]);
    b.engine.raise(ALARM, 9_000);
    await waitFor('the held ack', () => b.engine.alarms.get(ALARM)?.acknowledged);
    expect(b.lines()).toEqual(['acknowledge/a:apply']);
  });

  it('holds actions on an alarm this station does not know yet and delivers them when it appears', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    a.engine.raise(ALARM, 500);
    a.engine.local(a.sync, action('note', 'a', Date.now(), { comment: 'valve stuck' }));
    a.engine.local(a.sync, action('outOfService', 'a', Date.now() + 1));
    await settle();
    bus.deliver('b');
    expect(b.lines()).toEqual([]);
    b.engine.raise(ALARM, 500);
    await waitFor('the held actions', () => b.lines().length === 2);
    expect(b.lines()).toEqual(['note/a:apply', 'outOfService/a:apply']);
  });

  it('brings a station that starts later to the site state from the retained messages, once', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const other = 'line2/tank/level#level';
    a.engine.raise(ALARM, 500);
    a.engine.raise(other, 700);
    a.engine.local(a.sync, action('acknowledge', 'a', Date.now(), { activeSinceMs: 500 }));
    a.engine.local(a.sync, action('shelve', 'a', Date.now() + 1));
    a.engine.local(a.sync, action('outOfService', 'a', Date.now() + 2, { alarm: other }));
    await settle();
    expect(bus.retainedTopics()).toHaveLength(2);

    const c = station(bus, 'c', { connect: false });
    c.engine.raise(ALARM, 500); // c knows only one of the two alarms so far
    bus.connect('c', c.sync.route);
    bus.deliver('c');
    expect(c.lines().sort()).toEqual(['acknowledge/a:apply', 'shelve/a:apply']);
    c.engine.raise(other, 700); // a retained state for an alarm c did not know is not lost
    await waitFor('the late alarm', () => c.engine.alarms.get(other)?.outOfService ?? false);

    // Restarted with those states shown already: nothing is applied or journaled twice.
    const again = station(bus, 'c2', { connect: false });
    for (const [id, alarm] of c.engine.alarms) again.engine.alarms.set(id, { ...alarm });
    bus.connect('c2', again.sync.route);
    bus.deliver('c2');
    await settle();
    expect(again.lines()).toEqual([]);
  });

  it('sends what was done while the link was down when it comes back', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    for (const s of [a, b]) s.engine.raise(ALARM, 500);
    bus.disconnect('a');
    a.engine.local(a.sync, action('shelve', 'a', Date.now()));
    a.engine.local(a.sync, action('note', 'a', Date.now() + 1, { comment: 'field check' }));
    await settle();
    expect(a.sync.waiting).toBe(3); // two actions, one alarm's state
    bus.deliver('b');
    expect(b.lines()).toEqual([]);
    bus.connect('a', a.sync.route);
    await settle();
    bus.deliver('b');
    expect(b.lines()).toEqual(['shelve/a:apply', 'note/a:apply']);
    expect(a.sync.waiting).toBe(0);
  });

  it('merges what two cut-off stations did into one retained state that both then hold', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b', { connect: false });
    for (const s of [a, b]) s.engine.raise(ALARM, 500);
    a.engine.local(a.sync, action('acknowledge', 'a', Date.now(), { activeSinceMs: 500 }));
    await settle();
    b.engine.local(b.sync, action('shelve', 'b', Date.now())); // b was away: it sends on connect
    bus.connect('b', b.sync.route);
    await settle();
    bus.deliver('b');
    bus.deliver('a');
    await settle();
    bus.deliver('a');
    bus.deliver('b');
    const retained = bus.published.filter((m) => m.retain).at(-1)!;
    const state = JSON.parse(retained.payload.toString()) as Record<
      string,
      { stamp: { station: string } } | null
    >;
    expect(state.ack?.stamp.station).toBe('a');
    expect(state.shelve?.stamp.station).toBe('b');
    expect(a.engine.alarms.get(ALARM)?.shelved?.station).toBe('b');
    expect(b.engine.alarms.get(ALARM)?.acknowledged).toBe(true);
  });

  it('counts bad, foreign and oversized messages, delivers nothing for them, and carries on', async () => {
    const bus = new SyncBus();
    const a = station(bus, 'a');
    const b = station(bus, 'b');
    for (const s of [a, b]) s.engine.raise(ALARM, 500);
    const base = 'watchkeeper/alarms/v1/plant';
    const good = JSON.parse(
      JSON.stringify({
        v: 1,
        kind: 'action',
        site: 'plant',
        station: 'x',
        stamp: { ms: 1, n: 0, station: 'x' },
        action: action('note', 'x', 1),
      }),
    ) as Record<string, unknown>;
    bus.inject(`${base}/action/x`, 'not json');
    bus.inject(`${base}/action/x`, JSON.stringify({ ...good, v: 2 }));
    bus.inject(`${base}/action/x`, JSON.stringify({ ...good, site: 'elsewhere' }));
    bus.inject(`${base}/action/y`, JSON.stringify(good)); // on another station's topic
    bus.inject(`${base}/action/x`, JSON.stringify({ ...good, station: 'y' }));
    bus.inject(`${base}/action/x`, Buffer.alloc(70_000, 32));
    bus.inject(`${base}/nonsense/x`, JSON.stringify(good));
    bus.inject(`${base}/state/${encodeURIComponent(ALARM)}`, JSON.stringify({ ...good, kind: 'state' }));
    bus.inject(`${base}/action/x`, JSON.stringify(good));
    bus.deliver('b');
    expect(b.errors.sort()).toEqual([
      'alarmSync.bad_payload',
      'alarmSync.bad_payload',
      'alarmSync.bad_payload',
      'alarmSync.bad_topic',
      'alarmSync.foreign_site',
      'alarmSync.not_json',
      'alarmSync.too_large',
      'alarmSync.topic_mismatch',
    ]);
    expect(b.lines()).toEqual(['note/x:apply']);
  });
});
