import { describe, expect, it } from 'vitest';
import { chattering, fleeting } from '../../../../../electron/alarms/report/chattering.js';
import { flood, floodEpisodes } from '../../../../../electron/alarms/report/flood.js';
import type { KpiLine } from '../../../../../electron/alarms/report/kpiLines.js';
import { stale } from '../../../../../electron/alarms/report/stale.js';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;

const at = (start: number, count: number, step: number) =>
  Array.from({ length: count }, (_, i) => start + i * step);
const line = (ts: number, trigger: KpiLine['trigger'] = 'activated', alarm = 'a/b#level'): KpiLine => ({
  ts,
  alarm,
  priority: 'low',
  message: 'm',
  from: 'normal',
  to: 'unacked',
  trigger,
});

describe('alarm floods', () => {
  it('needs more than 10 in ten minutes: 10 is busy, not a flood', () => {
    expect(floodEpisodes(at(0, 10, S), 10 * H)).toEqual([]);
  });

  it('ends a flood only when fewer than 5 remain in the ten minutes before, and finds the next one apart', () => {
    // 11 a minute apart from 0 (the 11th at 10:00 — but the first has left by then: no flood),
    // then 20 two seconds apart from 01:00:00.
    const times = [...at(0, 11, MIN), ...at(H, 20, 2 * S), ...at(3 * H, 11, S)];
    expect(floodEpisodes(times, 10 * H)).toEqual([
      // The 16th-from-last leaves at 01:00:30 + 10 min: 4 remain.
      { startMs: H, endMs: H + 10 * MIN + 15 * 2 * S, alarms: 20, peak10Min: 20 },
      { startMs: 3 * H, endMs: 3 * H + 10 * MIN + 6 * S, alarms: 11, peak10Min: 11 },
    ]);
  });

  it('clips a flood still under way at the end of the period', () => {
    const times = at(H - 15 * S, 15, S);
    expect(flood(times, 0, H)).toEqual({
      percentOfPeriods: (100 * 1) / 6,
      percentOfTime: (100 * 15 * S) / H,
      episodes: [{ startMs: H - 15 * S, endMs: H, alarms: 15, peak10Min: 15 }],
    });
  });
});

describe('chattering and fleeting alarms', () => {
  it('counts 3 activations within a minute as chattering, and 3 a full minute apart as not', () => {
    expect(chattering([0, 30 * S, 60 * S].map((ts) => line(ts)))).toEqual([]);
    expect(chattering([0, 30 * S, 59 * S].map((ts) => line(ts)))).toEqual([
      { alarm: 'a/b#level', message: 'm', episodes: 1, maxPerMinute: 3 },
    ]);
  });

  it('counts separate episodes, and activations under a shelve too', () => {
    const lines = [0, 10 * S, 20 * S, 30 * S, 10 * MIN, 10 * MIN + S, 10 * MIN + 2 * S].map((ts) => line(ts));
    lines[5] = { ...lines[5]!, to: 'shelved' };
    expect(chattering(lines)).toEqual([{ alarm: 'a/b#level', message: 'm', episodes: 2, maxPerMinute: 4 }]);
  });

  it('counts an alarm cleared less than 2 s after it activated as fleeting, and one cleared at 2 s as not', () => {
    const lines = [line(0), line(1_999, 'cleared'), line(10 * S), line(12 * S, 'cleared')];
    expect(fleeting(lines)).toEqual([{ alarm: 'a/b#level', message: 'm', count: 1 }]);
  });
});

describe('stale alarms', () => {
  it('needs more than 24 h: a day exactly is not stale', () => {
    const lines = [line(0), line(24 * H, 'cleared'), line(25 * H), line(49 * H + 1, 'cleared')];
    expect(stale({ from: 0, to: 100 * H, lines, before: [] })).toEqual({
      alarms: [{ alarm: 'a/b#level', message: 'm', activeMs: 24 * H + 1 }],
      maxOnAnyDay: 1,
    });
  });

  it('leaves out an alarm that stood long but cleared before the period began', () => {
    const before = [line(-100 * H, 'cleared')];
    expect(stale({ from: 0, to: 10 * H, lines: [], before })).toEqual({ alarms: [], maxOnAnyDay: 0 });
  });
});
