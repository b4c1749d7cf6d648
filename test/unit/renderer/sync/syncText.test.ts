import { describe, expect, it } from 'vitest';
import {
  fillWidth,
  formatBudget,
  formatBytes,
  formatCoarseAge,
  formatThroughput,
  isLinkAbnormal,
  oldestWaiting,
  streamAge,
  syncChip,
} from '../../../../renderer/sync/syncText.js';
import { backlog, syncStatus } from './syncFixtures.js';

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

describe('cloud sync in words', () => {
  it('tells an age in one unit, rounded down', () => {
    expect(formatCoarseAge(0)).toBe('0 s');
    expect(formatCoarseAge(-5_000)).toBe('0 s');
    expect(formatCoarseAge(59_999)).toBe('59 s');
    expect(formatCoarseAge(60_000)).toBe('1 min');
    expect(formatCoarseAge(HOUR - 1)).toBe('59 min');
    expect(formatCoarseAge(3 * HOUR + 59 * 60_000)).toBe('3 h');
    expect(formatCoarseAge(47 * HOUR)).toBe('47 h');
    expect(formatCoarseAge(21 * 24 * HOUR)).toBe('21 d');
  });

  it('tells sizes and rates as a link counts them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(14_200)).toBe('14.2 kB');
    expect(formatBytes(3_100_000)).toBe('3.1 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.1 GB');
    expect(formatThroughput({ bytesPerSecond: 0, recordsPerSecond: 0 })).toBe('idle');
    expect(formatThroughput({ bytesPerSecond: 1_200, recordsPerSecond: 340 })).toBe('1.2 kB/s · 340 rec/s');
    expect(formatThroughput({ bytesPerSecond: 90, recordsPerSecond: 0.5 })).toBe('90 B/s · 0.5 rec/s');
    expect(formatBudget({ backfillBytesPerSecond: null, metered: false })).toBe('unlimited');
    expect(formatBudget({ backfillBytesPerSecond: 50_000, metered: true })).toBe(
      '50.0 kB/s; metered: live and hourly rollups only',
    );
  });

  it('calls degraded and down abnormal, off and connecting not', () => {
    expect(['off', 'connecting', 'up', 'degraded', 'down'].map((s) => isLinkAbnormal(s as never))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('finds the oldest record waiting, ignoring streams with nothing waiting', () => {
    const status = syncStatus({
      streams: [
        backlog('alarms', { records: 0, oldestAtMs: NOW - 10 * HOUR }),
        backlog('raw', { records: 5, oldestAtMs: NOW - 3 * HOUR }),
        backlog('rollups', { records: 9, oldestAtMs: NOW - 2 * HOUR }),
      ],
    });
    expect(oldestWaiting(status)).toBe(NOW - 3 * HOUR);
    expect(oldestWaiting(syncStatus())).toBeNull();
    expect(streamAge(backlog('raw', { records: 5, oldestAtMs: NOW - 90_000 }), NOW)).toBe('1 min');
    expect(streamAge(backlog('raw'), NOW)).toBe('—');
  });

  it('puts the link state and, when something waits, the backlog age on the chip', () => {
    expect(syncChip(null, NOW)).toMatchObject({ text: 'Cloud …', abnormal: false });
    expect(syncChip(syncStatus({ link: 'off', enabled: false, broker: null }), NOW)).toMatchObject({
      text: 'Cloud off',
      abnormal: false,
      detail: ['Cloud sync off', 'Nothing waiting'],
    });
    const down = syncStatus({
      link: 'down',
      detail: 'connection refused',
      streams: [backlog('rollups', { records: 1_200, oldestAtMs: NOW - 3 * HOUR - 5 })],
    });
    expect(syncChip(down, NOW)).toEqual({
      text: 'Cloud down · backlog 3 h',
      abnormal: true,
      detail: [
        'Cloud sync down to mqtts://cloud.example:8883',
        'connection refused',
        '1,200 records waiting',
      ],
    });
  });

  it('calls a filling outbox abnormal even while the link is up', () => {
    const warning = 'The outbox is 85% full: at 100% the oldest backfill is dropped (journaled).';
    const status = syncStatus({ outbox: { ...syncStatus().outbox, fillPercent: 85, warning } });
    expect(syncChip(status, NOW)).toMatchObject({ text: 'Cloud up', abnormal: true });
    expect(syncChip(status, NOW).detail).toContain(warning);
  });

  it('keeps the fill bar inside its frame', () => {
    expect(fillWidth(-3)).toBe(0);
    expect(fillWidth(42.5)).toBe(42.5);
    expect(fillWidth(130)).toBe(100);
  });
});
