import type { KpiJournal, KpiLine } from '../../electron/alarms/report/kpiLines.js';

/* A two-day journal whose performance report is worked out by hand (see kpiReport.test.ts). */

export const S = 1_000;
export const MIN = 60 * S;
export const H = 60 * MIN;
export const DAY = 24 * H;
export const D0 = Date.UTC(2026, 0, 1);

export const line = (ts: number, alarm: string, extra: Partial<KpiLine> = {}): KpiLine => ({
  ts,
  alarm,
  priority: 'low',
  message: `${alarm} message`,
  from: 'normal',
  to: 'unacked',
  trigger: 'activated',
  ...extra,
});
export const cleared = (ts: number, alarm: string, extra: Partial<KpiLine> = {}) =>
  line(ts, alarm, { from: 'unacked', to: 'rtnUnacked', trigger: 'cleared', ...extra });

export const VALVE = 'line1/valve/pos#discrete';
export const PUMP = 'line1/pump3/flow#level';
export const TANK_LEVEL = 'line2/tank/level#level';
export const TANK_TEMP = 'line2/tank/temp#level';
export const FAN = 'line3/fan#level';
export const ESD = 'line9/esd#discrete';
export const flooder = (k: number) => `plant/f${k}#level`;

/**
 * Two days, worked out by hand:
 * - a flood: twelve alarms one second apart at 01:00 on day 1, clearing an hour later (low);
 * - a chatterer: the valve activates at 05:00:00, :20, :40, :50, clearing 5 s after each (medium);
 * - a fleeting alarm: pump 3 flow active for 1.5 s at 10:00 (high);
 * - stale: the tank level, active since 12:00 the day before and never cleared (60 h at the end),
 *   and the tank temperature, active from 20:00 on day 1 to 22:00 on day 2 (26 h, medium);
 * - shelving: the valve shelved at 06:00 for half an hour; the fan shelved at 30 h, activating
 *   unseen at 31 h, its shelve expiring at 38 h, shelved again at 40 h until the end;
 * - a critical alarm at 40 h; an acknowledgement and a note that count for nothing.
 */
export const KPI_JOURNAL: KpiJournal = {
  from: D0,
  to: D0 + 2 * DAY,
  before: [line(D0 - 12 * H, TANK_LEVEL, { priority: 'high' })],
  lines: [
    ...Array.from({ length: 12 }, (_, k) => [
      line(D0 + H + k * S, flooder(k)),
      cleared(D0 + 2 * H + k * S, flooder(k)),
    ]).flat(),
    ...[0, 20, 40, 50].flatMap((s) => [
      line(D0 + 5 * H + s * S, VALVE, { priority: 'medium' }),
      cleared(D0 + 5 * H + (s + 5) * S, VALVE, { priority: 'medium' }),
    ]),
    line(D0 + 5 * H + MIN, VALVE, { from: 'rtnUnacked', to: 'normal', trigger: 'acknowledged' }),
    line(D0 + 6 * H, VALVE, { from: 'normal', to: 'shelved', trigger: 'shelved', priority: 'medium' }),
    line(D0 + 6.5 * H, VALVE, { from: 'shelved', to: 'normal', trigger: 'unshelved', priority: 'medium' }),
    line(D0 + 10 * H, PUMP, { priority: 'high' }),
    cleared(D0 + 10 * H + 1_500, PUMP, { priority: 'high' }),
    line(D0 + 20 * H, TANK_TEMP, { priority: 'medium' }),
    line(D0 + 30 * H, FAN, { from: 'normal', to: 'shelved', trigger: 'shelved' }),
    line(D0 + 31 * H, FAN, { from: 'shelved', to: 'shelved', trigger: 'activated' }),
    line(D0 + 38 * H, FAN, { from: 'shelved', to: 'unacked', trigger: 'shelveExpired' }),
    line(D0 + 40 * H, FAN, { from: 'unacked', to: 'shelved', trigger: 'shelved' }),
    line(D0 + 40 * H, ESD, { priority: 'critical' }),
    line(D0 + 41 * H, ESD, { from: 'unacked', to: 'unacked', trigger: 'note', priority: 'critical' }),
    cleared(D0 + 46 * H, TANK_TEMP, { priority: 'medium' }),
  ].sort((a, b) => a.ts - b.ts),
};
