import { describe, expect, it } from 'vitest';
import type { AlarmKpiReport } from '../../../../shared/alarms.js';
import { kpiCsvHref, kpiTiles } from '../../../../renderer/reports/kpiTiles.js';

const share = (percent: number, targetPercent: number) => ({ count: 0, percent, targetPercent });

export function report(overrides: Partial<AlarmKpiReport> = {}): AlarmKpiReport {
  return {
    from: 0,
    to: 86_400_000,
    annunciated: 100,
    perDay: { average: 100, max: 100, target: 150, manageable: 300 },
    perHour: { average: 8, max: 20, target: 6, manageable: 12 },
    per10Min: { average: 3, max: 12, target: 1, manageable: 2 },
    per10MinSeries: { start: [0], count: [12] },
    flood: { percentOfPeriods: 0.5, percentOfTime: 0.5, episodes: [] },
    badActors: [],
    topTenPercent: 4,
    chattering: [],
    fleeting: [],
    stale: { alarms: [], maxOnAnyDay: 5 },
    priorityDistribution: {
      low: share(80, 80),
      medium: share(15, 15),
      high: share(5, 5),
      critical: share(0, 1),
    },
    shelving: { shelves: 0, distinctAlarms: 0, averageShelvedMs: 0, expired: 0, topShelved: [] },
    ...overrides,
  };
}

describe('the KPI tiles', () => {
  it('judge each figure against its target: within, manageable or over', () => {
    const status = Object.fromEntries(kpiTiles(report()).map((tile) => [tile.id, tile.status]));
    expect(status).toEqual({
      'per-day': 'ok',
      'per-hour': 'manageable',
      'per-10min': 'over',
      flood: 'ok',
      'max-10min': 'over',
      stale: 'over',
      'top-ten': 'ok',
      chattering: 'ok',
      fleeting: 'ok',
    });
  });

  it('count chattering and fleeting alarms against a target of none', () => {
    const tiles = kpiTiles(report({ fleeting: [{ alarm: 'a/b/c#level', message: 'm', count: 3 }] }));
    expect(tiles.find((t) => t.id === 'fleeting')).toMatchObject({ value: '1', status: 'over' });
  });

  it('link the CSV of the same period', () => {
    expect(kpiCsvHref({ from: 0, to: 1_000 })).toBe(
      '/api/reports/alarm-kpi.csv?from=1970-01-01T00%3A00%3A00.000Z&to=1970-01-01T00%3A00%3A01.000Z',
    );
  });
});
