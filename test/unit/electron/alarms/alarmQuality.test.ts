import { afterEach, describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { alarmHarness, type AlarmHarness } from '../../../helpers/alarmHarness.js';

const TAG = 'line1/pump1/pressure';
const LEVEL = `${TAG}#level`;
const BAD = `${TAG}#badQuality`;

/** Limit alarms are not evaluated on bad or stale values: they freeze and bad quality is raised. */
describe('alarms on bad and stale values', () => {
  let h: AlarmHarness;
  afterEach(() => h.stop());

  const setup = async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ kind: 'H', value: 10, deadband: 1, priority: 'high' }]);
    h.sample(TAG, 5);
  };

  it('freezes a limit alarm on a stale value and raises the implicit bad-quality alarm instead', async () => {
    await setup();
    h.sample(TAG, 12);
    h.stale(TAG);
    expect(h.alarm(LEVEL)).toMatchObject({ frozen: true, active: true, state: 'unacked' });
    expect(h.alarm(BAD)).toMatchObject({ active: true, state: 'unacked', priority: 'low' });
    expect((await h.lines(LEVEL)).at(-1)).toBe('frozen unacked→unacked');
    expect(h.store.journal.find((line) => line.alarm === LEVEL && line.trigger === 'frozen')).toMatchObject({
      comment: 'the value is stale',
      quality: Quality.UncertainNoCommunicationLastUsableValue,
    });
  });

  it('never returns an alarm to normal on a stale or bad value, and judges it again when good values return', async () => {
    await setup();
    h.sample(TAG, 12);
    await h.engine.acknowledge([LEVEL], '', 'ann');
    h.sample(TAG, 2, Quality.UncertainNoCommunicationLastUsableValue);
    h.sample(TAG, 1, Quality.BadSensorFailure);
    h.sample(TAG, null, Quality.BadNoCommunication);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, frozen: true, state: 'acked' });
    h.sample(TAG, 3);
    expect(h.alarm(LEVEL)).toMatchObject({ active: false, frozen: false, state: 'normal' });
    expect(h.alarm(BAD)).toMatchObject({ active: false, state: 'rtnUnacked' });
    expect(await h.lines(LEVEL)).toEqual([
      'activated normal→unacked',
      'acknowledged unacked→acked',
      'frozen acked→acked',
      'unfrozen acked→acked',
      'cleared acked→normal',
    ]);
  });

  it('does not raise a limit alarm from a bad value', async () => {
    await setup();
    h.sample(TAG, 50, Quality.BadSensorFailure);
    expect(h.alarm(LEVEL)).toMatchObject({ active: false, frozen: true });
    h.sample(TAG, Number.NaN);
    expect(h.alarm(LEVEL).active).toBe(false);
    expect(h.alarm(BAD).active).toBe(true);
  });

  it('drops a pending on- or off-delay when the value goes stale', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [
      { kind: 'H', value: 10, deadband: 1, priority: 'high', onDelayMs: 10_000, offDelayMs: 10_000 },
    ]);
    h.sample(TAG, 12);
    h.clock.advance(5_000);
    h.stale(TAG);
    h.clock.advance(20_000);
    expect(h.alarm(LEVEL).active).toBe(false);
    h.sample(TAG, 12);
    h.clock.advance(10_000);
    expect(h.alarm(LEVEL).active).toBe(true);
    h.sample(TAG, 2);
    h.clock.advance(5_000);
    h.stale(TAG);
    h.clock.advance(60_000);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, frozen: true });
  });

  it('evaluates an uncertain value that is still a reading (beyond the engineering range)', async () => {
    await setup();
    h.sample(TAG, 150, Quality.UncertainEngineeringUnitsExceeded);
    expect(h.alarm(LEVEL)).toMatchObject({ active: true, frozen: false });
    expect(h.alarm(BAD).active).toBe(false);
  });

  it('uses a configured bad-quality alarm instead of the implicit one', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [
      { kind: 'H', value: 10, deadband: 1, priority: 'high' },
      { kind: 'badQuality', priority: 'medium', onDelayMs: 5_000, message: 'Pump 1 pressure lost' },
    ]);
    h.sample(TAG, 5);
    h.stale(TAG);
    expect(h.alarm(BAD).active).toBe(false);
    h.clock.advance(5_000);
    expect(h.alarm(BAD)).toMatchObject({ active: true, priority: 'medium', message: 'Pump 1 pressure lost' });
  });

  it('freezes a deviation alarm while its setpoint is unknown, bad or stale, and never on the setpoint alone', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('line1/tic1/sp', [], { unit: '°C' });
    h.addTag('line1/tic1/pv', [
      { kind: 'deviation', setpointTag: 'line1/tic1/sp', value: 5, deadband: 1, priority: 'medium' },
    ]);
    const DEV = 'line1/tic1/pv#deviation';
    h.sample('line1/tic1/pv', 50);
    expect(h.alarm(DEV)).toMatchObject({ frozen: true, active: false });
    h.sample('line1/tic1/sp', 50);
    expect(h.alarm(DEV)).toMatchObject({ frozen: false, active: false });
    h.sample('line1/tic1/sp', 56); // the setpoint moves away: the deviation is judged again
    expect(h.alarm(DEV)).toMatchObject({ active: true, limit: 5 });
    h.sample('line1/tic1/pv', 52); // |52 − 56| = 4: inside the deadband (5 − 1)
    expect(h.alarm(DEV).active).toBe(true);
    h.sample('line1/tic1/sp', 60, Quality.BadSensorFailure);
    h.sample('line1/tic1/pv', 60);
    expect(h.alarm(DEV)).toMatchObject({ frozen: true, active: true });
    // The pv's own bad-quality alarm stays quiet: its value is good.
    expect(h.alarm('line1/tic1/pv#badQuality').active).toBe(false);
    h.sample('line1/tic1/sp', 60);
    expect(h.alarm(DEV)).toMatchObject({ frozen: false, active: false });
  });

  it('raises a discrete alarm on a boolean trip (true / 1) and on an enum state by label or by value', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('line1/pump1/trip', [{ kind: 'discrete', states: [true], priority: 'high' }], {
      dataType: 'boolean',
    });
    h.addTag('line1/pump1/mode', [{ kind: 'discrete', states: ['fault', 9], priority: 'medium' }], {
      dataType: 'enum',
      states: [
        { value: 0, label: 'stopped' },
        { value: 1, label: 'running' },
        { value: 4, label: 'fault' },
      ],
    });
    h.sample('line1/pump1/trip', 0);
    h.sample('line1/pump1/trip', 1);
    expect(h.alarm('line1/pump1/trip#discrete').active).toBe(true);
    h.sample('line1/pump1/mode', 1);
    expect(h.alarm('line1/pump1/mode#discrete').active).toBe(false);
    h.sample('line1/pump1/mode', 4);
    expect(h.alarm('line1/pump1/mode#discrete').active).toBe(true);
    h.sample('line1/pump1/mode', 9);
    expect(h.alarm('line1/pump1/mode#discrete').active).toBe(true);
    h.sample('line1/pump1/mode', 0);
    expect(h.alarm('line1/pump1/mode#discrete').active).toBe(false);
  });

  it('raises a discrete alarm on a text tag and its bad-quality alarm on communication loss', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag('line1/pump1/status', [{ kind: 'discrete', states: ['TRIPPED', 'FAULT'], priority: 'high' }], {
      dataType: 'string',
    });
    h.sample('line1/pump1/status', 'RUNNING');
    h.sample('line1/pump1/status', 'TRIPPED');
    expect(h.alarm('line1/pump1/status#discrete').active).toBe(true);
    h.stale('line1/pump1/status');
    expect(h.alarm('line1/pump1/status#badQuality').active).toBe(true);
    expect(h.alarm('line1/pump1/status#discrete')).toMatchObject({ active: true, frozen: true });
  });

  it('raises a rate-of-change alarm on a fast change over its window, with its deadband', async () => {
    h = alarmHarness();
    await h.start();
    h.addTag(TAG, [{ kind: 'rateOfChange', value: 1, deadband: 0.2, windowMs: 10_000, priority: 'medium' }]);
    const ROC = `${TAG}#rateOfChange`;
    for (let i = 0; i <= 10; i++) {
      h.sample(TAG, 50 + 0.5 * i); // 0.5 units/s
      h.clock.advance(1_000);
    }
    expect(h.alarm(ROC).active).toBe(false);
    for (let i = 1; i <= 10; i++) {
      h.sample(TAG, 55 + 2 * i); // 2 units/s
      h.clock.advance(1_000);
    }
    expect(h.alarm(ROC)).toMatchObject({ active: true, limit: 1 });
    for (let i = 1; i <= 10; i++) {
      h.sample(TAG, 75 + 0.9 * i); // 0.9 units/s: inside the deadband
      h.clock.advance(1_000);
    }
    expect(h.alarm(ROC).active).toBe(true);
    for (let i = 1; i <= 12; i++) {
      h.sample(TAG, 84);
      h.clock.advance(1_000);
    }
    expect(h.alarm(ROC).active).toBe(false);
  });
});
