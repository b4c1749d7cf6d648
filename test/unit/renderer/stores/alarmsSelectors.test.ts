import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_SETTINGS } from '../../../../shared/alarms.js';
import {
  ackCommentRequired,
  activeRows,
  alarmAreas,
  alarmCapabilities,
  DEFAULT_SORT,
  hiddenRows,
  maxShelveMs,
  NO_FILTER,
} from '../../../../renderer/stores/alarmsSelectors.js';
import { acked, alarm } from '../alarms/alarmFixtures.js';

const byId = (...alarms: ReturnType<typeof alarm>[]) => Object.fromEntries(alarms.map((a) => [a.id, a]));
const by = { user: 'erin', station: 'ws1', atMs: 1, comment: 'work on the pump' };

describe('alarm selectors', () => {
  it('list by priority, then newest first, by default', () => {
    const rows = activeRows(
      byId(
        alarm('a/x/old#level', { priority: 'high', activeSinceMs: 1 }),
        alarm('a/x/low#level', { priority: 'low', activeSinceMs: 9 }),
        alarm('a/x/new#level', { priority: 'high', activeSinceMs: 5 }),
        alarm('a/x/crit#level', { priority: 'critical', activeSinceMs: 2 }),
      ),
      NO_FILTER,
      DEFAULT_SORT,
    );
    expect(rows.map((a) => a.tag)).toEqual(['a/x/crit', 'a/x/new', 'a/x/old', 'a/x/low']);
  });

  it('sort by another column, either way', () => {
    const all = byId(alarm('b/x/t#level', { area: 'b' }), alarm('a/x/t#level', { area: 'a' }));
    expect(activeRows(all, NO_FILTER, { key: 'area', dir: 'asc' }).map((a) => a.area)).toEqual(['a', 'b']);
    expect(activeRows(all, NO_FILTER, { key: 'area', dir: 'desc' }).map((a) => a.area)).toEqual(['b', 'a']);
  });

  it('filter by priority, area, state and every word of the text', () => {
    const all = byId(
      alarm('north/p1/flow#level', { priority: 'low', message: 'Pump 1 flow high' }),
      acked(alarm('north/p2/flow#level', { message: 'Pump 2 flow high' })),
      alarm('south/p3/level#level', { message: 'Tank level high', active: false, state: 'rtnUnacked' }),
    );
    const ids = (filter: Partial<typeof NO_FILTER>) =>
      activeRows(all, { ...NO_FILTER, ...filter }, DEFAULT_SORT).map((a) => a.tag);
    expect(ids({ priorities: ['low'] })).toEqual(['north/p1/flow']);
    expect(ids({ area: 'south' })).toEqual(['south/p3/level']);
    expect(ids({ state: 'acked' })).toEqual(['north/p2/flow']);
    expect(ids({ state: 'unacked' }).sort()).toEqual(['north/p1/flow', 'south/p3/level']);
    expect(ids({ state: 'returned' })).toEqual(['south/p3/level']);
    expect(ids({ text: 'PUMP high 2' })).toEqual(['north/p2/flow']);
  });

  it('keep shelved, suppressed and out-of-service alarms out of the active list, in their own', () => {
    const all = byId(
      alarm('a/x/shelved#level', { shelved: { ...by, mode: 'timed', untilMs: 50 } }),
      alarm('a/x/oneshot#level', { shelved: { ...by, mode: 'oneShot', untilMs: null } }),
      alarm('a/x/soon#level', { shelved: { ...by, mode: 'timed', untilMs: 10 } }),
      alarm('a/x/oos#level', { outOfService: by }),
      alarm('a/x/supp#level', { suppressed: true }),
      alarm('a/x/shown#level'),
    );
    expect(activeRows(all, NO_FILTER, DEFAULT_SORT).map((a) => a.tag)).toEqual(['a/x/shown']);
    expect(
      hiddenRows(all)
        .map((a) => a.tag)
        .slice(0, 2),
    ).toEqual(['a/x/soon', 'a/x/shelved']);
    expect(hiddenRows(all)).toHaveLength(5);
  });

  it('list the areas that have alarms, in order', () => {
    expect(alarmAreas(byId(alarm('line10/x/t#level'), alarm('line2/x/t#level')))).toEqual([
      'line2',
      'line10',
    ]);
  });

  it('offer operators acknowledge and shelve, and engineers out of service too', () => {
    expect(alarmCapabilities(null)).toEqual({ operate: false, service: false });
    expect(alarmCapabilities({ user: 'v', roles: ['viewer'] })).toEqual({ operate: false, service: false });
    expect(alarmCapabilities({ user: 'o', roles: ['operator'] })).toEqual({ operate: true, service: false });
    expect(alarmCapabilities({ user: 'e', roles: ['engineer'] })).toEqual({ operate: true, service: true });
  });

  it('need an acknowledgement comment when the settings say so for one of the priorities', () => {
    expect(ackCommentRequired([{ priority: 'high' }], DEFAULT_ALARM_SETTINGS)).toBe(false);
    expect(ackCommentRequired([{ priority: 'high' }, { priority: 'critical' }], DEFAULT_ALARM_SETTINGS)).toBe(
      true,
    );
  });

  it('allow shelving for the shortest maximum of the priorities, and not at all for an unshelvable one', () => {
    expect(maxShelveMs([{ priority: 'low' }, { priority: 'high' }], DEFAULT_ALARM_SETTINGS)).toBe(
      8 * 3_600_000,
    );
    expect(maxShelveMs([{ priority: 'low' }, { priority: 'critical' }], DEFAULT_ALARM_SETTINGS)).toBeNull();
  });
});
