import { afterEach, describe, expect, it } from 'vitest';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';

const TAG = 'area1/tank1/level';
const LEVEL = `${TAG}#level`;

/** One limit alarm per tag: HH/H/L/LL are its levels, so H → HH is an escalation of the same alarm. */
describe('limit alarm levels', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  const setup = async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [
      { kind: 'LL', value: 8, deadband: 1, priority: 'high' },
      { kind: 'L', value: 15, deadband: 1, priority: 'medium' },
      { kind: 'H', value: 88, deadband: 1, priority: 'medium', message: 'Tank 1 high' },
      { kind: 'HH', value: 95, deadband: 1, priority: 'critical', message: 'Tank 1 overflowing' },
    ]);
    h.sample(TAG, 50);
  };

  it('escalates H → HH: acknowledged becomes unacknowledged again, with the HH priority and message', async () => {
    await setup();
    h.sample(TAG, 90);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 96);
    expect(h.alarm(LEVEL)).toMatchObject({
      level: 'HH',
      state: 'unacked',
      priority: 'critical',
      message: 'Tank 1 overflowing',
      limit: 95,
      acknowledgedBy: null,
    });
    expect((await h.lines(LEVEL)).at(-1)).toBe('escalated acked→unacked');
  });

  it('moves back HH → H without annunciating (levelChanged), showing the H priority', async () => {
    await setup();
    h.sample(TAG, 96);
    // Critical alarms need a comment by default (DEFAULT_ALARM_SETTINGS).
    await h.engine.acknowledge([LEVEL], 'draining', 'ann');
    h.sample(TAG, 94.5); // inside HH's deadband: still HH
    expect(h.alarm(LEVEL).level).toBe('HH');
    h.sample(TAG, 93);
    expect(h.alarm(LEVEL)).toMatchObject({
      level: 'H',
      state: 'acked',
      priority: 'medium',
      message: 'Tank 1 high',
    });
    expect((await h.lines(LEVEL)).at(-1)).toBe('levelChanged acked→acked');
  });

  it('jumps straight to the most severe limit in force', async () => {
    await setup();
    h.sample(TAG, 99);
    expect(h.alarm(LEVEL)).toMatchObject({ level: 'HH', priority: 'critical' });
    expect(await h.lines(LEVEL)).toEqual(['activated normal→unacked']);
  });

  it('mirrors the low side: L → LL escalates, and clears only past the limit plus its deadband', async () => {
    await setup();
    h.sample(TAG, 15);
    expect(h.alarm(LEVEL)).toMatchObject({ level: 'L', state: 'unacked' });
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 7);
    expect(h.alarm(LEVEL)).toMatchObject({ level: 'LL', state: 'unacked', priority: 'high' });
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 8.5);
    expect(h.alarm(LEVEL).level).toBe('LL');
    h.sample(TAG, 9.5);
    expect(h.alarm(LEVEL)).toMatchObject({ level: 'L', state: 'acked' });
    h.sample(TAG, 15.9);
    expect(h.alarm(LEVEL).active).toBe(true);
    h.sample(TAG, 16.1);
    expect(h.alarm(LEVEL)).toMatchObject({ active: false, state: 'normal' });
  });

  it('keeps a returned alarm unacknowledged at its last level until acknowledged', async () => {
    await setup();
    h.sample(TAG, 96);
    h.sample(TAG, 50);
    expect(h.alarm(LEVEL)).toMatchObject({ state: 'rtnUnacked', level: 'HH', priority: 'critical' });
  });

  it('uses the limits its device describes when none are configured: HH/LL high, H/L medium, 1 % deadband', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('area1/pump1/vibration', undefined, {
      engLow: 0,
      engHigh: 20,
      limits: [
        { kind: 'HH', value: 11 },
        { kind: 'H', value: 7.1 },
      ],
    });
    h.sample('area1/pump1/vibration', 7.2);
    expect(h.alarm('area1/pump1/vibration#level')).toMatchObject({ level: 'H', priority: 'medium' });
    h.sample('area1/pump1/vibration', 11.5);
    expect(h.alarm('area1/pump1/vibration#level')).toMatchObject({ level: 'HH', priority: 'high' });
    h.sample('area1/pump1/vibration', 6.95); // within 1 % of 20 (0.2) below H
    expect(h.alarm('area1/pump1/vibration#level')).toMatchObject({ active: true, level: 'H' });
    h.sample('area1/pump1/vibration', 6.85);
    expect(h.alarm('area1/pump1/vibration#level').active).toBe(false);
    expect(h.alarm('area1/pump1/vibration#badQuality')).toMatchObject({ priority: 'low', state: 'normal' });
  });

  it('lets configured alarms replace the device-described ones', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('area1/pump1/vibration', undefined, { limits: [{ kind: 'H', value: 7.1 }] });
    h.configure('area1/pump1/vibration', [{ kind: 'H', value: 9, deadband: 0.5, priority: 'high' }]);
    h.sample('area1/pump1/vibration', 8);
    expect(h.alarm('area1/pump1/vibration#level').active).toBe(false);
    h.sample('area1/pump1/vibration', 9);
    expect(h.alarm('area1/pump1/vibration#level')).toMatchObject({ active: true, priority: 'high' });
  });

  it('judges an active alarm by a changed definition at once, keeping its state', async () => {
    await setup();
    h.sample(TAG, 90);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.configure(TAG, [{ kind: 'H', value: 92, deadband: 1, priority: 'high' }]);
    expect(h.alarm(LEVEL)).toMatchObject({ active: false, state: 'normal' });
    expect((await h.lines(LEVEL)).slice(-2)).toEqual([
      'definitionChanged acked→acked',
      'cleared acked→normal',
    ]);
  });
});
