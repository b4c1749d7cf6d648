import { afterEach, describe, expect, it } from 'vitest';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';

const TAG = 'line1/pump1/flow';
const LEVEL = `${TAG}#level`;

/** On-delay, off-delay and re-alarm time on a fake monotonic clock; the wall clock may jump. */
describe('alarm delays and re-alarm', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  const setup = async (options: { onDelayMs?: number; offDelayMs?: number; reAlarmMs?: number }) => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ kind: 'H', value: 10, deadband: 1, priority: 'medium', ...options }]);
    h.sample(TAG, 5);
  };

  it('activates only after the condition held for the on-delay, stamped when it had held that long', async () => {
    await setup({ onDelayMs: 15_000 });
    h.sample(TAG, 12);
    const began = h.clock.wall;
    h.clock.advance(14_999);
    expect(h.alarm(LEVEL).active).toBe(false);
    h.clock.advance(1);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, state: 'unacked', activeSinceMs: began + 15_000 });
  });

  it('does not activate when the condition drops before the on-delay ends, and starts over next time', async () => {
    await setup({ onDelayMs: 15_000 });
    h.sample(TAG, 12);
    h.clock.advance(10_000);
    h.sample(TAG, 9);
    h.clock.advance(10_000);
    h.sample(TAG, 12);
    h.clock.advance(10_000);
    expect(h.alarm(LEVEL).active).toBe(false);
    expect(await h.lines(LEVEL)).toEqual([]);
    h.clock.advance(5_000);
    expect(h.alarm(LEVEL).active).toBe(true);
  });

  it('clears only after the value stayed past the deadband for the off-delay', async () => {
    await setup({ offDelayMs: 60_000 });
    h.sample(TAG, 12);
    h.sample(TAG, 8);
    h.clock.advance(30_000);
    h.sample(TAG, 9.5); // back inside the deadband: the off-delay starts over
    h.clock.advance(40_000);
    expect(h.alarm(LEVEL).active).toBe(true);
    h.sample(TAG, 8);
    h.clock.advance(59_000);
    expect(h.alarm(LEVEL).active).toBe(true);
    h.clock.advance(1_000);
    expect(h.alarm(LEVEL)).toMatchObject({ active: false, state: 'rtnUnacked' });
  });

  it('annunciates an acknowledged alarm again after the re-alarm time while still active', async () => {
    await setup({ reAlarmMs: 600_000 });
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.clock.advance(599_000);
    expect(h.alarm(LEVEL).state).toBe('acked');
    h.clock.advance(1_000);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'unacked', active: true, acknowledgedBy: null });
    expect((await h.lines(LEVEL)).at(-1)).toBe('reAlarm acked→unacked');
    // Acknowledged again: the re-alarm time runs again.
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.clock.advance(600_000);
    expect(h.alarm(LEVEL).state).toBe('unacked');
  });

  it('does not re-alarm an alarm that cleared', async () => {
    await setup({ reAlarmMs: 60_000 });
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.clock.advance(30_000);
    h.sample(TAG, 2);
    h.clock.advance(60_000);
    expect(h.alarm(LEVEL).state).toBe('normal');
    expect(h.clock.pending).toBe(0);
  });

  it('neither fires nor stretches delays when the wall clock jumps', async () => {
    await setup({ onDelayMs: 15_000, reAlarmMs: 60_000 });
    h.sample(TAG, 12);
    h.clock.jumpWall(3_600_000); // an hour forward: the on-delay does not fire
    expect(h.alarm(LEVEL).active).toBe(false);
    h.clock.jumpWall(-7_200_000); // two hours back: it does not stretch either
    h.clock.advance(15_000);
    expect(h.alarm(LEVEL).active).toBe(true);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.clock.jumpWall(86_400_000);
    expect(h.alarm(LEVEL).state).toBe('acked');
    h.clock.advance(60_000);
    expect(h.alarm(LEVEL).state).toBe('unacked');
  });
});
