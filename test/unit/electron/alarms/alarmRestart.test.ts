import { afterEach, describe, expect, it } from 'vitest';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';
import { fakeAlarmClock } from '../../../helpers/fakeAlarmClock.js';
import { MemoryAlarmStore } from '../../../helpers/memoryAlarmStore.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;
const HOUR = 3_600_000;
const H = { kind: 'H', value: 10, deadband: 1, priority: 'medium' } as const;

/** A restart restores states from the store as they were: not annunciated anew. */
describe('alarm engine restart', () => {
  const clock = fakeAlarmClock();
  let store: MemoryAlarmStore;
  let h: AlarmHarness;
  afterEach(() => h.stop());

  /** The same site after a restart: same store and clocks, tags known before the engine starts. */
  const restart = async (
    tags: Array<[string, Parameters<AlarmHarness['addTag']>[1], Parameters<AlarmHarness['addTag']>[2]?]>,
  ) => {
    await h.stop();
    h = alarmHarness({ store, clock });
    for (const [id, alarms, meta] of tags) h.addTag(id, alarms, meta);
    await h.start();
  };

  const first = async () => {
    store = new MemoryAlarmStore();
    h = alarmHarness({ store, clock });
    await h.start();
    h.addTag(TAG, [H]);
  };

  it('restores an active acknowledged alarm without a new activation, then judges it on live values', async () => {
    await first();
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], 'seen', 'ann');
    const before = h.alarm(LEVEL);
    await restart([[TAG, [H]]]);
    expect(h.alarm(LEVEL)).toMatchObject({
      state: 'acked',
      active: true,
      acknowledgedBy: { user: 'ann' },
      activeSinceMs: before.activeSinceMs,
    });
    h.sample(TAG, 12.5);
    expect(await h.lines(LEVEL)).toEqual([
      'activated normal→unacked',
      'acknowledged unacked→acked',
      'restored acked→acked',
    ]);
    h.sample(TAG, 3);
    expect(h.alarm(LEVEL).state).toBe('normal');
  });

  it('keeps an unacknowledged alarm unacknowledged, and a latched one latched', async () => {
    await first();
    h.addTag('line1/pump1/temp', [{ ...H, latching: true }]);
    h.sample(TAG, 12);
    h.sample('line1/pump1/temp', 12);
    await h.engine.acknowledge(['line1/pump1/temp#level'], '', 'ann');
    h.sample('line1/pump1/temp', 2);
    await restart([
      [TAG, [H]],
      ['line1/pump1/temp', [{ ...H, latching: true }]],
    ]);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'unacked' });
    expect(h.alarm('line1/pump1/temp#level')).toMatchObject({ state: 'latched', latched: true });
    h.sample(TAG, 12);
    h.sample('line1/pump1/temp', 2);
    expect(store.journal.filter((l) => l.trigger === 'activated')).toHaveLength(2);
    expect((await h.engine.reset(['line1/pump1/temp#level'], '', 'ann')).results[0]).toMatchObject({
      ok: true,
    });
  });

  it('honours a timed shelve across a restart, and ends one that ran out while the app was down', async () => {
    await first();
    h.addTag('line1/pump1/temp', [H]);
    h.sample(TAG, 12);
    h.sample('line1/pump1/temp', 12);
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    await h.engine.shelve(['line1/pump1/temp#level'], 'timed', 8 * HOUR, 'long job', 'ann');
    await h.stop();
    clock.advance(2 * HOUR); // the app is down for two hours
    await restart([
      [TAG, [H]],
      ['line1/pump1/temp', [H]],
    ]);
    expect(h.alarm(LEVEL)).toMatchObject({ shelved: null, state: 'unacked' });
    expect(h.alarm('line1/pump1/temp#level').shelved).toMatchObject({ mode: 'timed' });
    expect((await h.lines(LEVEL)).at(-1)).toBe('shelveExpired shelved→unacked');
    clock.advance(6 * HOUR);
    expect(h.alarm('line1/pump1/temp#level').shelved).toBeNull();
  });

  it("keeps a device-described alarm's state until the device describes its limits again", async () => {
    await first();
    const vibration = 'line1/pump1/vibration';
    h.addTag(vibration, undefined, { limits: [{ kind: 'H', value: 7.1 }] });
    h.sample(vibration, 8);
    // After a restart the registry knows the tag but not its limits (they come with the next birth).
    await restart([[vibration, undefined]]);
    expect(h.engine.list().alarms.map((a) => a.id)).toEqual([`${vibration}#level`]);
    expect(h.alarm(`${vibration}#level`)).toMatchObject({ state: 'unacked', level: 'H' });
    h.describe(vibration, { limits: [{ kind: 'H', value: 7.1 }] });
    h.sample(vibration, 8);
    expect(h.alarm(`${vibration}#level`).state).toBe('unacked');
    h.sample(vibration, 5);
    expect(h.alarm(`${vibration}#level`).state).toBe('rtnUnacked');
    expect(
      store.journal.filter((l) => l.alarm === `${vibration}#level` && l.trigger === 'activated'),
    ).toHaveLength(1);
  });

  it('drops a restored alarm whose tag reports values but no longer has it', async () => {
    await first();
    const vibration = 'line1/pump1/vibration';
    h.addTag(vibration, undefined, { limits: [{ kind: 'H', value: 7.1 }] });
    h.sample(vibration, 8);
    await restart([[vibration, undefined]]);
    h.sample(vibration, 8);
    expect(h.engine.get(`${vibration}#level`)).toBeUndefined();
    expect((await h.lines(`${vibration}#level`)).at(-1)).toBe('definitionRemoved unacked→unacked');
    expect(store.states.has(`${vibration}#level`)).toBe(false);
  });
  it('judges a new definition at once on a value of this run, but not on one from before the restart', async () => {
    store = new MemoryAlarmStore();
    h = alarmHarness({ store, clock });
    h.addTag(TAG, undefined);
    h.sample(TAG, 12); // the registry's value from the last run (the engine is not started yet)
    await h.start();
    h.configure(TAG, [H]);
    expect(h.alarm(LEVEL).active).toBe(false);
    h.addTag('line1/pump1/temp', undefined);
    h.sample('line1/pump1/temp', 12); // no alarm on it yet: only the registry keeps it
    h.configure('line1/pump1/temp', [H]);
    expect(h.alarm('line1/pump1/temp#level')).toMatchObject({ active: true, state: 'unacked' });
  });

  it('stops judging when the station shuts down, so its own disconnection raises nothing', async () => {
    await first();
    h.sample(TAG, 12);
    h.engine.pauseJudging();
    h.stale(TAG);
    expect(h.alarm(LEVEL)).toMatchObject({ frozen: false, active: true });
    expect(h.alarm(`${TAG}#badQuality`).active).toBe(false);
  });
});
