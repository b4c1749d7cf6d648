import { describe, expect, it } from 'vitest';
import { summarize } from '../../../../renderer/stores/alarmSummary.js';
import { acked, alarm } from '../alarms/alarmFixtures.js';

const byId = (...alarms: ReturnType<typeof alarm>[]) => Object.fromEntries(alarms.map((a) => [a.id, a]));
const bannerAlarm = (all: ReturnType<typeof byId>) => summarize(all, {}, 0).newestUnacked;
const alarmCounts = (all: ReturnType<typeof byId>) => summarize(all, {}, 0).counts;
const hasUnacked = (all: ReturnType<typeof byId>) => summarize(all, {}, 0).unacked > 0;

describe('the alarm summary', () => {
  it('give the banner the newest of the most severe unacknowledged alarms', () => {
    const old = alarm('a/x/old#level', { priority: 'critical', activeSinceMs: 1 });
    const recent = alarm('a/x/new#level', { priority: 'critical', activeSinceMs: 7 });
    const newest = alarm('a/x/low#level', { priority: 'low', activeSinceMs: 9 });
    expect(bannerAlarm(byId(old, recent, newest))?.id).toBe(recent.id);
    expect(bannerAlarm(byId(old, acked(recent), newest))?.id).toBe(old.id);
    expect(bannerAlarm(byId(acked(old)))).toBeNull();
  });

  it('count annunciated alarms by priority, and the unacknowledged among them', () => {
    const counts = alarmCounts(
      byId(
        alarm('a/x/1#level', { priority: 'high' }),
        acked(alarm('a/x/2#level', { priority: 'high' })),
        alarm('a/x/3#level', { priority: 'low', suppressed: true }),
        alarm('a/x/4#level', { priority: 'critical', state: 'rtnUnacked', active: false }),
      ),
    );
    expect(counts).toEqual({
      critical: { unacked: 1, total: 1 },
      high: { unacked: 1, total: 2 },
      medium: { unacked: 0, total: 0 },
      low: { unacked: 0, total: 0 },
    });
  });

  it('flash while an annunciated alarm is unacknowledged, raised or returned', () => {
    expect(hasUnacked(byId(acked(alarm('a/x/t#level'))))).toBe(false);
    expect(hasUnacked(byId(alarm('a/x/t#level', { state: 'rtnUnacked', active: false })))).toBe(true);
    expect(hasUnacked(byId(alarm('a/x/t#level', { suppressed: true })))).toBe(false);
  });

  it('counts the active and the hidden lists for their tabs', () => {
    const summary = summarize(
      byId(alarm('a/x/1#level'), alarm('a/x/2#level', { suppressed: true }), alarm('a/x/3#level')),
      {},
      0,
    );
    expect([summary.annunciated, summary.hidden]).toEqual([2, 1]);
  });
});
