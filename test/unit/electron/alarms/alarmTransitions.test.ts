import { afterEach, describe, expect, it } from 'vitest';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;
const H = { kind: 'H', value: 10, deadband: 1, priority: 'medium' } as const;

/**
 * Every transition of the reference table (shared/reference/alarms.md, "Transitions"), through
 * the engine as an operator would meet it: samples in, state and journal out.
 */
describe('alarm state transitions', () => {
  let h: AlarmHarness;
  const setup = async (latching = false) => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ ...H, latching }]);
  };
  afterEach(() => h.stop());

  it('Normal → Unacknowledged when the condition becomes true', async () => {
    await setup();
    h.sample(TAG, 5);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'normal', active: false, acknowledged: true, level: null });
    h.sample(TAG, 10);
    expect(h.alarm(LEVEL)).toMatchObject({
      state: 'unacked',
      active: true,
      acknowledged: false,
      level: 'H',
      priority: 'medium',
      limit: 10,
      value: 10,
      activeSinceMs: h.clock.wall,
    });
    expect(await h.lines(LEVEL)).toEqual(['activated normal→unacked']);
  });

  it('Unacknowledged → Acknowledged by an operator, with who, when and why; ack never changes active', async () => {
    await setup();
    h.sample(TAG, 12);
    const answer = await h.engine.acknowledge([LEVEL], 'seen, calling maintenance', 'ann');
    expect(answer.results).toEqual([
      { id: LEVEL, ok: true, alarm: expect.objectContaining({ state: 'acked' }) },
    ]);
    expect(h.alarm(LEVEL)).toMatchObject({
      active: true,
      acknowledged: true,
      acknowledgedBy: { user: 'ann', station: 'station-a', comment: 'seen, calling maintenance' },
    });
    const line = h.store.journal.at(-1)!;
    expect(line).toMatchObject({
      trigger: 'acknowledged',
      from: 'unacked',
      to: 'acked',
      user: 'ann',
      station: 'station-a',
      comment: 'seen, calling maintenance',
      value: 12,
      quality: 0,
      level: 'H',
    });
  });

  it('Acknowledged → Normal when the condition clears past the deadband', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 9.5); // below the limit, not past the deadband
    expect(h.alarm(LEVEL).state).toBe('acked');
    h.sample(TAG, 8.9);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'normal', active: false, level: null });
    expect((await h.lines(LEVEL)).at(-1)).toBe('cleared acked→normal');
  });

  it('Unacknowledged → Returned unacknowledged when it clears, then Normal on ack', async () => {
    await setup();
    h.sample(TAG, 12);
    h.sample(TAG, 2);
    expect(h.alarm(LEVEL)).toMatchObject({
      state: 'rtnUnacked',
      active: false,
      acknowledged: false,
      level: 'H',
    });
    await h.engine.acknowledge([LEVEL], '', 'ann');
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'normal', level: null });
    expect(await h.lines(LEVEL)).toEqual([
      'activated normal→unacked',
      'cleared unacked→rtnUnacked',
      'acknowledged rtnUnacked→normal',
    ]);
  });

  it('Returned unacknowledged → Unacknowledged when the condition returns (a new activation)', async () => {
    await setup();
    h.sample(TAG, 12);
    const first = h.alarm(LEVEL).activeSinceMs;
    h.sample(TAG, 2);
    h.clock.advance(5_000);
    h.sample(TAG, 11);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'unacked', active: true });
    expect(h.alarm(LEVEL).activeSinceMs).toBe(first! + 5_000);
    expect((await h.lines(LEVEL)).at(-1)).toBe('activated rtnUnacked→unacked');
  });

  it('a latching alarm holds after it clears until reset, and reset is refused while active', async () => {
    await setup(true);
    h.sample(TAG, 12);
    expect(h.alarm(LEVEL)).toMatchObject({ latched: true, state: 'unacked' });
    const early = await h.engine.reset([LEVEL], '', 'ann');
    expect(early.results[0]).toMatchObject({ ok: false, code: 'STILL_ACTIVE' });
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 2);
    expect(h.alarm(LEVEL)).toMatchObject({
      state: 'latched',
      active: false,
      acknowledged: true,
      latched: true,
    });
    const reset = await h.engine.reset([LEVEL], 'checked the relief valve', 'ann');
    expect(reset.results[0]).toMatchObject({ ok: true, alarm: { state: 'normal', latched: false } });
    expect((await h.lines(LEVEL)).slice(-2)).toEqual(['cleared acked→latched', 'reset latched→normal']);
  });

  it('refuses a reset of an alarm that is not latched', async () => {
    await setup();
    h.sample(TAG, 12);
    h.sample(TAG, 2);
    const answer = await h.engine.reset([LEVEL], '', 'ann');
    expect(answer.results[0]).toMatchObject({ ok: false, code: 'NOT_LATCHED' });
  });

  it('refuses a second acknowledgement and one for an alarm that no longer exists', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    const again = await h.engine.acknowledge([LEVEL, `${TAG}#deviation`], '', 'bob');
    expect(again.results).toEqual([
      { id: LEVEL, ok: false, code: 'ALREADY_ACKED', message: expect.any(String) },
      { id: `${TAG}#deviation`, ok: false, code: 'NOT_FOUND', message: expect.stringContaining('no alarm') },
    ]);
    h.configure(TAG, []);
    const vanished = await h.engine.acknowledge([LEVEL], '', 'bob');
    expect(vanished.results[0]).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await h.lines(LEVEL)).at(-1)).toBe('definitionRemoved acked→acked');
  });

  it('makes an ack comment mandatory per priority, by settings', async () => {
    await setup();
    await h.engine.setAlarmSettings(
      {
        ...h.engine.alarmSettings(),
        ackCommentRequired: { low: false, medium: true, high: true, critical: true },
      },
      'eve',
    );
    h.sample(TAG, 12);
    const bare = await h.engine.acknowledge([LEVEL], '  ', 'ann');
    expect(bare.results[0]).toMatchObject({ ok: false, code: 'COMMENT_REQUIRED' });
    const said = await h.engine.acknowledge([LEVEL], 'valve stuck', 'ann');
    expect(said.results[0]).toMatchObject({ ok: true });
  });

  it('adds a note to an alarm in any state without changing it', async () => {
    await setup();
    const before = h.alarm(LEVEL);
    const answer = await h.engine.addNote(LEVEL, 'sensor replaced last week', 'ann');
    expect(answer.results[0]).toMatchObject({ ok: true, alarm: { revision: before.revision } });
    expect(h.store.journal.at(-1)).toMatchObject({
      trigger: 'note',
      from: 'normal',
      to: 'normal',
      user: 'ann',
      comment: 'sensor replaced last week',
    });
  });

  it("shows its device's area, and follows it when an engineer moves the device", async () => {
    await setup();
    h.sample(TAG, 12);
    expect(h.alarm(LEVEL).area).toBe('line1');
    const revision = h.alarm(LEVEL).revision;
    h.moveToArea(TAG, 'Pump house');
    expect(h.alarm(LEVEL)).toMatchObject({ area: 'Pump house', revision: revision + 1 });
    await h.engine.flushed();
    expect(h.store.states.get(LEVEL)?.area).toBe('Pump house');
  });

  it('lists alarms that are not normal, most severe and newest first, with counts by priority', async () => {
    await setup();
    h.addTag('line1/pump2/temp', [{ kind: 'HH', value: 90, deadband: 1, priority: 'critical' }]);
    h.sample(TAG, 12);
    h.clock.advance(1_000);
    h.sample('line1/pump2/temp', 95);
    h.addTag('line1/pump3/temp', [{ kind: 'H', value: 90, deadband: 1, priority: 'medium' }]);
    h.clock.advance(1_000);
    h.sample('line1/pump3/temp', 95);
    await h.engine.acknowledge(['line1/pump3/temp#level'], '', 'ann');
    const { alarms, counts } = h.engine.list();
    expect(alarms.map((a) => a.id)).toEqual(['line1/pump2/temp#level', 'line1/pump3/temp#level', LEVEL]);
    expect(counts).toEqual({
      low: { unacked: 0, total: 0 },
      medium: { unacked: 1, total: 2 },
      high: { unacked: 0, total: 0 },
      critical: { unacked: 1, total: 1 },
    });
  });
});
