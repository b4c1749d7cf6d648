import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;
const HOUR = 3_600_000;

/** Shelved, suppressed by design and out of service: still evaluated and journaled, not annunciated. */
describe('alarm overlays', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  const setup = async (extra: object = {}) => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ kind: 'H', value: 10, deadband: 1, priority: 'medium', ...extra }]);
    h.sample(TAG, 5);
  };

  it('shelves for a time: evaluated and journaled while shelved, annunciated anew when it expires still active', async () => {
    await setup();
    h.sample(TAG, 12);
    const answer = await h.engine.shelve([LEVEL], 'timed', HOUR, 'sensor being recalibrated', 'ann');
    expect(answer.results[0]).toMatchObject({
      ok: true,
      alarm: {
        shelved: {
          mode: 'timed',
          untilMs: h.clock.wall + HOUR,
          user: 'ann',
          comment: 'sensor being recalibrated',
        },
      },
    });
    expect(h.engine.list().counts.medium).toEqual({ unacked: 0, total: 0 });
    h.sample(TAG, 2);
    h.sample(TAG, 13);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, state: 'unacked' });
    h.clock.advance(HOUR);
    expect(h.alarm(LEVEL)).toMatchObject({ shelved: null, state: 'unacked' });
    expect(h.engine.list().counts.medium).toEqual({ unacked: 1, total: 1 });
    expect(await h.lines(LEVEL)).toEqual([
      'activated normal→unacked',
      'shelved unacked→shelved',
      'cleared shelved→shelved',
      'activated shelved→shelved',
      'shelveExpired shelved→unacked',
    ]);
  });

  it('comes back normal after a shelve when the condition has cleared, even if it was unacknowledged', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'known fault', 'ann');
    h.sample(TAG, 2);
    const answer = await h.engine.unshelve([LEVEL], 'fixed', 'bob');
    expect(answer.results[0]).toMatchObject({ ok: true, alarm: { state: 'normal', shelved: null } });
    expect((await h.lines(LEVEL)).at(-1)).toBe('unshelved shelved→normal');
  });

  it('ends a one-shot shelve when the alarm next returns to normal', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.shelve([LEVEL], 'oneShot', undefined, 'nuisance during start-up', 'ann');
    h.clock.advance(10 * HOUR);
    expect(h.alarm(LEVEL).shelved).toMatchObject({ mode: 'oneShot', untilMs: null });
    h.sample(TAG, 2);
    expect(h.alarm(LEVEL)).toMatchObject({ shelved: null, state: 'normal' });
    h.sample(TAG, 12);
    expect(h.alarm(LEVEL).state).toBe('unacked');
    await h.engine.flushed();
    expect(h.store.journal.filter((l) => l.alarm === LEVEL).map((l) => l.trigger)).toEqual([
      'activated',
      'shelved',
      'cleared',
      'unshelved',
      'activated',
    ]);
  });

  it('refuses shelving past the priority maximum, a priority that may not be shelved, and twice', async () => {
    await setup();
    const tooLong = await h.engine.shelve([LEVEL], 'timed', 2 * 86_400_000, 'long job', 'ann');
    expect(tooLong.results[0]).toMatchObject({
      ok: false,
      code: 'SHELVING_TIME_OUT_OF_RANGE',
      message: expect.stringContaining('1 d'),
    });
    h.addTag('line1/pump1/temp', [{ kind: 'HH', value: 90, deadband: 1, priority: 'critical' }]);
    const critical = await h.engine.shelve(
      ['line1/pump1/temp#level'],
      'oneShot',
      undefined,
      'why not',
      'ann',
    );
    expect(critical.results[0]).toMatchObject({ ok: false, code: 'NOT_SHELVABLE' });
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    const twice = await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    expect(twice.results[0]).toMatchObject({ ok: false, code: 'ALREADY_SHELVED' });
    const unshelved = await h.engine.unshelve(['line1/pump1/temp#level'], '', 'ann');
    expect(unshelved.results[0]).toMatchObject({ ok: false, code: 'NOT_SHELVED' });
  });

  it('judges shelving by the most severe level the alarm can reach', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [
      { kind: 'H', value: 10, deadband: 1, priority: 'medium' },
      { kind: 'HH', value: 20, deadband: 1, priority: 'critical' },
    ]);
    h.sample(TAG, 12);
    const answer = await h.engine.shelve([LEVEL], 'oneShot', undefined, 'noise', 'ann');
    expect(answer.results[0]).toMatchObject({ ok: false, code: 'NOT_SHELVABLE' });
  });

  it('ends a timed shelve at the earlier of its wall-clock end and its granted duration (clock jumps)', async () => {
    await setup();
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    // The wall clock goes back a day: the shelve still ends after the hour it was granted.
    h.clock.jumpWall(-24 * HOUR);
    h.clock.advance(HOUR);
    expect(h.alarm(LEVEL).shelved).toBeNull();
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    // The wall clock goes forward past the end shown to the operator: it ends then.
    h.clock.jumpWall(2 * HOUR);
    h.clock.advance(1_000);
    expect(h.alarm(LEVEL).shelved).toBeNull();
    await h.engine.flushed();
    expect(h.store.journal.filter((l) => l.trigger === 'shelveExpired')).toHaveLength(2);
  });

  it('suppresses by design while the condition on another tag holds, never on an unknown or stale one', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('line1/pump1/running', [], { dataType: 'boolean' });
    h.addTag(TAG, [
      {
        kind: 'L',
        value: 2,
        deadband: 0.5,
        priority: 'medium',
        suppressWhen: { tag: 'line1/pump1/running', op: 'eq', value: false },
      },
    ]);
    h.sample(TAG, 1);
    expect(h.alarm(LEVEL)).toMatchObject({ suppressed: false, state: 'unacked' });
    h.sample('line1/pump1/running', 0);
    expect(h.alarm(LEVEL)).toMatchObject({ suppressed: true, state: 'unacked' });
    expect(h.engine.list().counts.medium.total).toBe(0);
    h.sample(TAG, 5);
    h.sample(TAG, 1);
    h.sample('line1/pump1/running', 0, Quality.UncertainNoCommunicationLastUsableValue);
    expect(h.alarm(LEVEL)).toMatchObject({ suppressed: false, state: 'unacked' });
    h.sample('line1/pump1/running', 0);
    h.sample(TAG, 5);
    h.sample('line1/pump1/running', 1);
    expect(h.alarm(LEVEL)).toMatchObject({ suppressed: false, state: 'normal' });
    expect((await h.lines(LEVEL)).slice(1)).toEqual([
      'suppressed unacked→suppressed',
      'cleared suppressed→suppressed',
      'activated suppressed→suppressed',
      'unsuppressed suppressed→unacked',
      'suppressed unacked→suppressed',
      'cleared suppressed→suppressed',
      'unsuppressed suppressed→normal',
    ]);
  });

  it('takes an alarm out of service and back: evaluated meanwhile, annunciated anew if active', async () => {
    await setup();
    const out = await h.engine.setOutOfService([LEVEL], 'transmitter removed for repair', 'eve');
    expect(out.results[0]).toMatchObject({
      ok: true,
      alarm: { outOfService: { user: 'eve', comment: 'transmitter removed for repair' } },
    });
    const twice = await h.engine.setOutOfService([LEVEL], 'again', 'eve');
    expect(twice.results[0]).toMatchObject({ ok: false, code: 'ALREADY_OUT_OF_SERVICE' });
    h.sample(TAG, 12);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, outOfService: expect.anything() });
    expect(h.engine.list().alarms.map((a) => a.id)).toEqual([LEVEL]);
    expect(h.engine.list().counts.medium.total).toBe(0);
    const back = await h.engine.returnToService([LEVEL], 'installed', 'eve');
    expect(back.results[0]).toMatchObject({ ok: true, alarm: { state: 'unacked', outOfService: null } });
    const again = await h.engine.returnToService([LEVEL], '', 'eve');
    expect(again.results[0]).toMatchObject({ ok: false, code: 'NOT_OUT_OF_SERVICE' });
    expect((await h.lines(LEVEL)).slice(-1)).toEqual(['returnedToService outOfService→unacked']);
  });

  it('leaves an alarm hidden until its last overlay ends', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.setOutOfService([LEVEL], 'repair', 'eve');
    await h.engine.shelve([LEVEL], 'timed', HOUR, 'job', 'ann');
    await h.engine.acknowledge([LEVEL], '', 'ann');
    await h.engine.unshelve([LEVEL], '', 'ann');
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'acked', outOfService: expect.anything() });
    await h.engine.returnToService([LEVEL], '', 'eve');
    expect(h.alarm(LEVEL).state).toBe('unacked');
  });
});
