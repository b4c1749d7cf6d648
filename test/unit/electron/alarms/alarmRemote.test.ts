import { afterEach, describe, expect, it } from 'vitest';
import { alarmHarness, memorySyncBus, type AlarmHarness } from '../../../helpers/alarmHarness.js';
import { fakeAlarmClock } from '../../../helpers/fakeAlarmClock.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;
const HOUR = 3_600_000;

/**
 * Two stations on one site: each evaluates the same samples, and operator actions travel
 * between them (an in-memory bus here; the site broker in production). See remoteRules.ts.
 */
describe('alarm actions from other stations', () => {
  const clock = fakeAlarmClock();
  let a: AlarmHarness;
  let b: AlarmHarness;
  let bus: ReturnType<typeof memorySyncBus>;
  afterEach(async () => {
    await a.stop();
    await b.stop();
  });

  const setup = async () => {
    bus = memorySyncBus();
    a = alarmHarness({ station: 'station-a', clock, sync: bus.join('station-a') });
    b = alarmHarness({ station: 'station-b', clock, sync: bus.join('station-b') });
    for (const h of [a, b]) {
      await h.start();
      h.addTag(TAG, [
        { kind: 'H', value: 10, deadband: 1, priority: 'medium' },
        { kind: 'HH', value: 20, deadband: 1, priority: 'high' },
      ]);
    }
  };
  const both = (value: number) => {
    a.sample(TAG, value);
    b.sample(TAG, value);
  };

  it('applies an acknowledgement made on another station, journaled with who and where', async () => {
    await setup();
    both(12);
    await a.engine.acknowledge([LEVEL], 'on it', 'ann');
    expect(b.alarm(LEVEL)).toMatchObject({
      state: 'acked',
      acknowledgedBy: { user: 'ann', station: 'station-a', comment: 'on it' },
    });
    await b.engine.flushed();
    expect(b.store.journal.at(-1)).toMatchObject({
      trigger: 'acknowledged',
      user: 'ann',
      station: 'station-a',
    });
  });

  it('keeps both acknowledgements when two stations acknowledge at the same moment', async () => {
    await setup();
    both(12);
    bus.hold();
    await a.engine.acknowledge([LEVEL], 'a here', 'ann');
    clock.advance(10);
    await b.engine.acknowledge([LEVEL], 'b here', 'bob');
    bus.release();
    // Both show the earlier acknowledgement; each journal has its own ack and the other as a note.
    for (const [h, mine, theirs] of [
      [a, 'ann', 'bob'],
      [b, 'bob', 'ann'],
    ] as const) {
      expect(h.alarm(LEVEL)).toMatchObject({
        state: 'acked',
        acknowledgedBy: { user: 'ann', station: 'station-a' },
      });
      await h.engine.flushed();
      const acks = h.store.journal.filter((l) => l.trigger === 'acknowledged' || l.trigger === 'note');
      expect(acks.map((l) => `${l.trigger} ${l.user}`)).toEqual([`acknowledged ${mine}`, `note ${theirs}`]);
    }
    expect(a.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      user: 'bob',
      comment: 'also acknowledged by bob at station-b (“b here”)',
    });
    expect(b.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      user: 'ann',
      comment: 'also acknowledged by ann at station-a (“a here”)',
    });
  });

  it('does not let an acknowledgement reach a newer activation or a later escalation', async () => {
    await setup();
    both(12);
    bus.hold();
    await a.engine.acknowledge([LEVEL], '', 'ann');
    // Before B hears of it, B sees the alarm clear and come back (and A will too).
    clock.advance(5_000);
    b.sample(TAG, 2);
    b.sample(TAG, 12);
    bus.release();
    expect(b.alarm(LEVEL).state).toBe('unacked');
    await b.engine.flushed();
    expect(b.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      comment: expect.stringContaining('earlier activation'),
    });

    both(12);
    bus.hold();
    await b.engine.acknowledge([LEVEL], '', 'bob');
    a.sample(TAG, 25); // A escalates to HH before the ack arrives
    bus.release();
    expect(a.alarm(LEVEL)).toMatchObject({ level: 'HH', state: 'unacked' });
    await a.engine.flushed();
    expect(a.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      comment: expect.stringContaining('before it escalated to HH'),
    });
  });

  it('shares shelves with their end time; a later shelve replaces the one standing', async () => {
    await setup();
    both(12);
    await a.engine.shelve([LEVEL], 'timed', HOUR, 'maintenance', 'ann');
    expect(b.alarm(LEVEL).shelved).toMatchObject({
      mode: 'timed',
      untilMs: clock.wall + HOUR,
      station: 'station-a',
    });
    await b.engine.unshelve([LEVEL], 'done', 'bob');
    expect(a.alarm(LEVEL)).toMatchObject({ shelved: null, state: 'unacked' });
    await a.engine.shelve([LEVEL], 'timed', HOUR, 'from a', 'ann');
    clock.advance(60_000);
    await b.engine.unshelve([LEVEL], '', 'bob');
    await b.engine.shelve([LEVEL], 'timed', 2 * HOUR, 'from b', 'bob');
    expect(a.alarm(LEVEL).shelved).toMatchObject({ comment: 'from b', station: 'station-b' });
    clock.advance(2 * HOUR);
    expect(a.alarm(LEVEL).shelved).toBeNull();
    expect(b.alarm(LEVEL).shelved).toBeNull();
  });

  it('journals an action the site decided against without applying it', async () => {
    bus = memorySyncBus((action) => (action.type === 'shelve' ? 'journal' : 'apply'));
    a = alarmHarness({ station: 'station-a', clock, sync: bus.join('station-a') });
    b = alarmHarness({ station: 'station-b', clock, sync: bus.join('station-b') });
    for (const h of [a, b]) {
      await h.start();
      h.addTag(TAG, [{ kind: 'H', value: 10, deadband: 1, priority: 'medium' }]);
    }
    both(12);
    await a.engine.shelve([LEVEL], 'timed', HOUR, 'noise', 'ann');
    expect(b.alarm(LEVEL).shelved).toBeNull();
    await b.engine.flushed();
    expect(b.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      user: 'ann',
      station: 'station-a',
      comment: 'shelved by ann at station-a (“noise”): not applied, another action decides it site-wide',
    });
  });

  it('shares out of service, return to service, reset and notes', async () => {
    await setup();
    await a.engine.setOutOfService([LEVEL], 'repair', 'eve');
    expect(b.alarm(LEVEL).outOfService).toMatchObject({ user: 'eve', station: 'station-a' });
    await b.engine.returnToService([LEVEL], 'ok', 'eve');
    expect(a.alarm(LEVEL).outOfService).toBeNull();
    await a.engine.addNote(LEVEL, 'checked wiring', 'ann');
    await b.engine.flushed();
    expect(b.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      user: 'ann',
      station: 'station-a',
      comment: 'checked wiring',
    });
  });

  it('ignores an action for an alarm this station does not have', async () => {
    await setup();
    b.configure(TAG, []);
    both(12);
    await a.engine.acknowledge([LEVEL], '', 'ann');
    expect(b.engine.get(LEVEL)).toBeUndefined();
    expect(b.log.lines.some((line) => line.includes('does not have'))).toBe(true);
  });
});
