import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../../shared/alarms.js';
import {
  applyAlarmDelta,
  applyAlarmList,
  emptyAlarmsModel,
  silence,
  type AlarmsModel,
} from '../../../../renderer/stores/alarmsModel.js';
import { acked, alarm } from '../alarms/alarmFixtures.js';

const delta = (model: AlarmsModel, alarms: Alarm[], removed: string[] = []) =>
  applyAlarmDelta(model, { alarms, removed });

describe('the alarms model', () => {
  it('holds the listed alarms by id and drops those a later list no longer has', () => {
    const a = alarm('l1/p1/flow#level');
    const b = alarm('l1/p2/flow#level');
    let model = applyAlarmList(emptyAlarmsModel, [a, b]);
    expect(Object.keys(model.byId).sort()).toEqual([a.id, b.id]);
    model = applyAlarmList(model, [b]);
    expect(Object.keys(model.byId)).toEqual([b.id]);
  });

  it('applies a delta in place, removes named ids, and forgets alarms that went back to normal', () => {
    const a = alarm('l1/p1/flow#level');
    const b = alarm('l1/p2/flow#level');
    let model = delta(emptyAlarmsModel, [a, b]);
    model = delta(model, [{ ...acked(a), active: false, state: 'normal' }], [b.id]);
    expect(model.byId).toEqual({});
  });

  it('ignores a message older than what it holds, so a late copy never undoes an acknowledgement', () => {
    const a = alarm('l1/p1/flow#level', { revision: 4 });
    let model = delta(emptyAlarmsModel, [acked(a, 5)]);
    model = delta(model, [a]);
    expect(model.byId[a.id]?.acknowledged).toBe(true);
  });
});

describe('the alarm horn', () => {
  it('sounds the highest priority among new unacknowledged alarms', () => {
    let model = delta(emptyAlarmsModel, [alarm('a/b/c#level', { priority: 'medium' })]);
    expect(model.summary.sounding).toBe('medium');
    model = delta(model, [alarm('a/b/d#level', { priority: 'critical' })]);
    expect(model.summary.sounding).toBe('critical');
  });

  it('stops when the alarms are acknowledged, and never sounds for a returned one', () => {
    const a = alarm('a/b/c#level');
    let model = delta(emptyAlarmsModel, [a]);
    model = delta(model, [acked(a)]);
    expect(model.summary.sounding).toBeNull();
    model = delta(model, [alarm('a/b/e#level', { state: 'rtnUnacked', active: false })]);
    expect(model.summary.sounding).toBeNull();
  });

  it('is silenced until the next new alarm, which sounds again', () => {
    const a = alarm('a/b/c#level', { priority: 'critical' });
    let model = silence(delta(emptyAlarmsModel, [a]));
    expect(model.summary.sounding).toBeNull();
    // The same activation changing (a new value) stays silent.
    model = delta(model, [{ ...a, value: 13, revision: 2 }]);
    expect(model.summary.sounding).toBeNull();
    model = delta(model, [alarm('a/b/d#level', { priority: 'low' })]);
    expect(model.summary.sounding).toBe('low');
  });

  it('sounds again for an escalation (H → HH) of an alarm the operator silenced', () => {
    const h = alarm('a/b/c#level', { priority: 'high', level: 'H' });
    let model = silence(delta(emptyAlarmsModel, [h]));
    model = delta(model, [{ ...h, priority: 'critical', level: 'HH', revision: 2 }]);
    expect(model.summary.sounding).toBe('critical');
  });

  it('sounds again when an acknowledged alarm is raised anew (re-alarm)', () => {
    const a = alarm('a/b/c#level');
    let model = silence(delta(emptyAlarmsModel, [a]));
    model = delta(model, [acked(a)]);
    model = delta(model, [{ ...a, activeSinceMs: 9_000, revision: 3 }]);
    expect(model.summary.sounding).toBe('high');
  });

  it('does not sound for shelved, suppressed or out-of-service alarms', () => {
    const by = { user: 'erin', station: 'ws1', atMs: 1, comment: 'maintenance' };
    const model = delta(emptyAlarmsModel, [
      alarm('a/b/c#level', { shelved: { ...by, mode: 'oneShot', untilMs: null } }),
      alarm('a/b/d#level', { suppressed: true }),
      alarm('a/b/e#level', { outOfService: by }),
    ]);
    expect(Object.keys(model.byId)).toHaveLength(3);
    expect(model.summary.sounding).toBeNull();
  });

  it('does not sound again after a reconnect for what was already silenced', () => {
    const a = alarm('a/b/c#level');
    let model = silence(delta(emptyAlarmsModel, [a]));
    model = applyAlarmList(model, [a]);
    expect(model.summary.sounding).toBeNull();
  });
});
