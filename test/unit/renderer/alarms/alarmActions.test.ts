import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALARM_SETTINGS,
  MAX_ALARMS_PER_ACTION,
  type AlarmActionResult,
} from '../../../../shared/alarms.js';
import {
  actionCalls,
  actionNeeds,
  formProblem,
  runAlarmAction,
  type ActionForm,
} from '../../../../renderer/alarms/alarmActions.js';
import { alarm } from './alarmFixtures.js';

const form: ActionForm = { comment: '', shelveMode: 'timed', durationMs: 3_600_000 };
const HOUR = 3_600_000;

describe('alarm actions', () => {
  it('ask for a comment to acknowledge only where the settings make it mandatory', () => {
    const high = actionNeeds('acknowledge', [{ priority: 'high' }], DEFAULT_ALARM_SETTINGS);
    expect(formProblem('acknowledge', high, form)).toBeNull();
    const critical = actionNeeds('acknowledge', [{ priority: 'critical' }], DEFAULT_ALARM_SETTINGS);
    expect(formProblem('acknowledge', critical, form)).toMatch(/comment is required/);
    expect(formProblem('acknowledge', critical, { ...form, comment: '  seen  ' })).toBeNull();
  });

  it('offer shelve durations up to the priority’s maximum, refuse longer ones and unshelvable priorities', () => {
    const high = actionNeeds('shelve', [{ priority: 'high' }], DEFAULT_ALARM_SETTINGS);
    expect(high.durations).toEqual([15 * 60_000, HOUR, 4 * HOUR, 8 * HOUR]);
    expect(formProblem('shelve', high, form)).toBe('give a reason');
    expect(formProblem('shelve', high, { ...form, comment: 'work', durationMs: 24 * HOUR })).toBe(
      'shelve for at most 8 h',
    );
    expect(
      formProblem('shelve', high, { ...form, comment: 'work', shelveMode: 'oneShot', durationMs: 0 }),
    ).toBeNull();
    const critical = actionNeeds('shelve', [{ priority: 'critical' }], DEFAULT_ALARM_SETTINGS);
    expect(formProblem('shelve', critical, { ...form, comment: 'work' })).toMatch(/may not be shelved/);
  });

  it('send each action in the contract’s shape, in chunks the contract accepts', () => {
    const ids = Array.from({ length: MAX_ALARMS_PER_ACTION + 1 }, (_, i) => `a/b/t${i}#level`);
    const calls = actionCalls('acknowledge', ids, { ...form, comment: ' ok ' });
    expect(calls.map((c) => (c.params.ids as string[]).length)).toEqual([MAX_ALARMS_PER_ACTION, 1]);
    expect(calls[0]).toMatchObject({ method: 'alarms.acknowledge', params: { comment: 'ok' } });
    expect(actionCalls('shelve', ['a/b/c#level'], { ...form, comment: 'work' })).toEqual([
      {
        method: 'alarms.shelve',
        params: { ids: ['a/b/c#level'], mode: 'timed', durationMs: HOUR, reason: 'work' },
      },
    ]);
    expect(
      actionCalls('shelve', ['a/b/c#level'], { ...form, shelveMode: 'oneShot', comment: 'w' })[0]?.params,
    ).toEqual({ ids: ['a/b/c#level'], mode: 'oneShot', reason: 'w' });
    expect(actionCalls('outOfService', ['a/b/c#level'], { ...form, comment: 'gone' })[0]).toEqual({
      method: 'alarms.setOutOfService',
      params: { ids: ['a/b/c#level'], reason: 'gone' },
    });
    expect(actionCalls('note', ['a#level', 'b#level'], { ...form, comment: 'n' })).toHaveLength(2);
  });

  it('collect what the server refused, alarm by alarm', async () => {
    const answer: AlarmActionResult = {
      results: [
        { id: 'a/b/c#level', ok: true, alarm: alarm('a/b/c#level') },
        { id: 'a/b/d#level', ok: false, code: 'ALREADY_ACKED', message: 'already acknowledged' },
      ],
    };
    const api = { call: async () => answer as never };
    const applied: AlarmActionResult[] = [];
    const refusals = await runAlarmAction(api, 'acknowledge', ['a/b/c#level', 'a/b/d#level'], form, (r) => {
      applied.push(r);
      return r.results.flatMap((x) => (x.ok ? [] : [x.message]));
    });
    expect(refusals).toEqual(['already acknowledged']);
    expect(applied).toHaveLength(1);
  });
});
