import { describe, expect, it } from 'vitest';
import { alarmKpiReport } from '../../../../../electron/alarms/report/kpiReport.js';
import {
  D0,
  DAY,
  ESD,
  FAN,
  flooder,
  H,
  KPI_JOURNAL as JOURNAL,
  MIN,
  PUMP,
  S,
  TANK_LEVEL,
  TANK_TEMP,
  VALVE,
} from '../../../../helpers/kpiJournal.js';

describe('the alarm performance report', () => {
  const report = alarmKpiReport(JOURNAL);

  it('counts annunciated activations only: not the one under a shelve, not acks, notes or expiries', () => {
    // 12 flood + 4 valve + pump + tank temperature + ESD.
    expect(report.annunciated).toBe(19);
  });

  it('gives the averages over the period and the most in any calendar day, clock hour and 10 minutes', () => {
    expect(report.perDay).toEqual({ average: 9.5, max: 18, target: 150, manageable: 300 });
    expect(report.perHour).toEqual({ average: 19 / 48, max: 12, target: 6, manageable: 12 });
    expect(report.per10Min).toEqual({ average: 19 / 288, max: 12, target: 1, manageable: 2 });
    expect(report.per10MinSeries.start).toHaveLength(288);
    expect(report.per10MinSeries.start[6]).toBe(D0 + H);
    expect(report.per10MinSeries.count[6]).toBe(12);
    expect(report.per10MinSeries.count[30]).toBe(4);
    expect(report.per10MinSeries.count.reduce((a, b) => a + b)).toBe(19);
  });

  it('finds the flood: from its first alarm until fewer than 5 remain in the 10 minutes before', () => {
    // The 11th alarm (01:00:10) starts it; it ends when the 8th of 12 leaves the window: 01:10:07.
    expect(report.flood.episodes).toEqual([
      { startMs: D0 + H, endMs: D0 + H + 10 * MIN + 7 * S, alarms: 12, peak10Min: 12 },
    ]);
    expect(report.flood.percentOfPeriods).toBeCloseTo(100 / 288, 10);
    expect(report.flood.percentOfTime).toBeCloseTo((100 * 607 * S) / (2 * DAY), 10);
  });

  it('lists the ten bad actors, most activations first and ties by id, and their share', () => {
    expect(report.badActors.map((a) => [a.alarm, a.count])).toEqual([
      [VALVE, 4],
      [PUMP, 1],
      [TANK_TEMP, 1],
      [ESD, 1],
      [flooder(0), 1],
      [flooder(1), 1],
      [flooder(10), 1],
      [flooder(11), 1],
      [flooder(2), 1],
      [flooder(3), 1],
    ]);
    expect(report.badActors[0]).toEqual({
      alarm: VALVE,
      message: `${VALVE} message`,
      priority: 'medium',
      count: 4,
      percent: (100 * 4) / 19,
    });
    expect(report.topTenPercent).toBe((100 * 13) / 19);
  });

  it('finds the chatterer (3 or more in a minute) and the fleeting alarm (cleared within 2 s)', () => {
    expect(report.chattering).toEqual([
      { alarm: VALVE, message: `${VALVE} message`, episodes: 1, maxPerMinute: 4 },
    ]);
    expect(report.fleeting).toEqual([{ alarm: PUMP, message: `${PUMP} message`, count: 1 }]);
  });

  it('finds the stale alarms, also one activated before the period, and the most stale on one day', () => {
    expect(report.stale).toEqual({
      alarms: [
        { alarm: TANK_LEVEL, message: `${TANK_LEVEL} message`, activeMs: 60 * H },
        { alarm: TANK_TEMP, message: `${TANK_TEMP} message`, activeMs: 26 * H },
      ],
      // Day 2: the level all day, the temperature from 20:00 to 22:00.
      maxOnAnyDay: 2,
    });
  });

  it('gives the priority distribution of annunciated activations against 80/15/5 and critical < 1', () => {
    expect(report.priorityDistribution).toEqual({
      low: { count: 12, percent: (100 * 12) / 19, targetPercent: 80 },
      medium: { count: 5, percent: (100 * 5) / 19, targetPercent: 15 },
      high: { count: 1, percent: 100 / 19, targetPercent: 5 },
      critical: { count: 1, percent: 100 / 19, targetPercent: 1 },
    });
  });

  it('gives the shelving statistics: shelves, alarms, average time shelved, expiries, most shelved', () => {
    // Valve 0.5 h; fan 8 h until expiry, then 8 h until the end of the period.
    expect(report.shelving).toEqual({
      shelves: 3,
      distinctAlarms: 2,
      averageShelvedMs: (0.5 * H + 8 * H + 8 * H) / 3,
      expired: 1,
      topShelved: [
        { alarm: FAN, count: 2 },
        { alarm: VALVE, count: 1 },
      ],
    });
  });

  it('answers an empty journal with zeros, not NaN', () => {
    const empty = alarmKpiReport({ from: D0, to: D0 + H, lines: [], before: [] });
    expect(empty).toMatchObject({
      annunciated: 0,
      perDay: { average: 0, max: 0 },
      flood: { percentOfPeriods: 0, percentOfTime: 0, episodes: [] },
      topTenPercent: 0,
      stale: { alarms: [], maxOnAnyDay: 0 },
      shelving: { shelves: 0, averageShelvedMs: 0 },
    });
    expect(empty.per10MinSeries.count).toEqual([0, 0, 0, 0, 0, 0]);
    expect(JSON.stringify(empty)).not.toMatch(/null|NaN/);
  });
});
