import type { TagCurrentValue } from '../../../shared/domain.js';
import { Quality } from '../../../shared/quality.js';

/**
 * What a sample is worth to an alarm (shared/reference/quality-codes.md, alarms.md):
 * - `good`: evaluate it. Good, and uncertain values that are still current readings
 *   (e.g. EngineeringUnitsExceeded: a value beyond its range is exactly when a limit matters).
 * - `stale`: the last value kept after communication was lost (Sparkplug DEATH, silence past the
 *   device's timeout, a value from before a restart). Never evaluated: it would return an
 *   alarm to normal on a number nobody measured.
 * - `bad`: bad quality, no value, or a number that is not finite.
 */
export type Reading = 'good' | 'stale' | 'bad';

const STALE_CODES = new Set<number>([
  Quality.UncertainNoCommunicationLastUsableValue,
  Quality.UncertainLastUsableValue,
]);

export function readingOf(value: TagCurrentValue, quality: number): Reading {
  const code = quality >>> 0;
  if (code >>> 30 >= 2) return 'bad';
  if (STALE_CODES.has(code)) return 'stale';
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return 'bad';
  return 'good';
}
