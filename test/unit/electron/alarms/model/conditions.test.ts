import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../../shared/quality.js';
import { limitHolds, suppressionHolds } from '../../../../../electron/alarms/model/conditions.js';
import { RateWindow } from '../../../../../electron/alarms/model/rateWindow.js';
import { readingOf } from '../../../../../electron/alarms/model/valueQuality.js';

describe('alarm conditions', () => {
  it('applies a high limit at the limit and clears it only below limit − deadband', () => {
    const limit = { kind: 'H', value: 10, deadband: 1, high: true, rank: 1 } as const;
    expect(limitHolds(limit, false, 9.99)).toBe(false);
    expect(limitHolds(limit, false, 10)).toBe(true);
    expect(limitHolds(limit, true, 9)).toBe(true);
    expect(limitHolds(limit, true, 8.99)).toBe(false);
  });

  it('mirrors it for a low limit', () => {
    const limit = { kind: 'L', value: 10, deadband: 1, high: false, rank: 1 } as const;
    expect(limitHolds(limit, false, 10)).toBe(true);
    expect(limitHolds(limit, true, 11)).toBe(true);
    expect(limitHolds(limit, true, 11.01)).toBe(false);
  });

  it('suppresses only on a good value of the referenced tag', () => {
    const running = { tag: 'p/running', op: 'eq', value: false } as const;
    expect(suppressionHolds(running, 0, Quality.Good)).toBe(true);
    expect(suppressionHolds(running, 1, Quality.Good)).toBe(false);
    expect(suppressionHolds(running, 0, Quality.UncertainNoCommunicationLastUsableValue)).toBe(false);
    expect(suppressionHolds(running, 0, Quality.BadNotConnected)).toBe(false);
    expect(suppressionHolds(running, null, Quality.Good)).toBe(false);
  });

  it('compares numbers, enum labels and texts', () => {
    expect(suppressionHolds({ tag: 't', op: 'lt', value: 5 }, 4, 0)).toBe(true);
    expect(suppressionHolds({ tag: 't', op: 'ge', value: 5 }, 4, 0)).toBe(false);
    expect(
      suppressionHolds({ tag: 't', op: 'eq', value: 'stopped' }, 0, 0, [{ value: 0, label: 'stopped' }]),
    ).toBe(true);
    expect(suppressionHolds({ tag: 't', op: 'eq', value: 'MAINT' }, 'MAINT', 0)).toBe(true);
    expect(suppressionHolds({ tag: 't', op: 'gt', value: 3 }, 'MAINT', 0)).toBe(false);
  });

  it('tells good, stale and bad readings apart', () => {
    expect(readingOf(3, Quality.Good)).toBe('good');
    expect(readingOf(3, Quality.UncertainEngineeringUnitsExceeded)).toBe('good');
    expect(readingOf(3, Quality.UncertainNoCommunicationLastUsableValue)).toBe('stale');
    expect(readingOf(3, Quality.UncertainLastUsableValue)).toBe('stale');
    expect(readingOf(3, Quality.BadSensorFailure)).toBe('bad');
    expect(readingOf(Number.POSITIVE_INFINITY, Quality.Good)).toBe('bad');
    expect(readingOf(null, Quality.Good)).toBe('bad');
  });

  it('measures a rate over its window against the sample at its edge, bounded in memory', () => {
    const window = new RateWindow(10_000, 8);
    expect(window.add(0, 0)).toBeNull();
    expect(window.add(1_000, 2)).toBe(2);
    for (let t = 2_000; t <= 20_000; t += 1_000) window.add(t, t / 1000);
    expect(window.add(21_000, 21)).toBe(1);
    expect(window.add(21_000, 99)).toBe(1); // a repeated time is ignored
  });
});
