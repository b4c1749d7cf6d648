import type { Suppression } from '../../../shared/alarmDefinitions.js';
import type { EnumState, TagCurrentValue } from '../../../shared/domain.js';
import type { CompiledLimit } from './compileAlarms.js';
import { readingOf } from './valueQuality.js';

/**
 * The raw conditions, before on- and off-delays. Each takes whether the condition is in force
 * now, because the deadband applies only to clearing (alarms.md): a high limit becomes true at
 * `value ≥ limit` and, once in force, stays true until `value < limit − deadband`.
 */
export function limitHolds(limit: CompiledLimit, inForce: boolean, value: number): boolean {
  if (limit.high) return value >= (inForce ? limit.value - limit.deadband : limit.value);
  return value <= (inForce ? limit.value + limit.deadband : limit.value);
}

/** A magnitude (|deviation|, |rate|) against its limit, with the same deadband rule. */
export function magnitudeHolds(
  magnitude: number,
  limit: number,
  deadband: number,
  inForce: boolean,
): boolean {
  return magnitude >= (inForce ? limit - deadband : limit);
}

/**
 * Whether a suppression-by-design condition holds. A referenced tag whose value is unknown, bad
 * or stale does NOT suppress: an alarm is never hidden by missing information. Order
 * comparisons are for numbers only; an enum may be compared by label when its states are known.
 */
export function suppressionHolds(
  suppression: Suppression,
  value: TagCurrentValue,
  quality: number,
  states?: readonly EnumState[],
): boolean {
  if (readingOf(value, quality) !== 'good' || value === null) return false;
  const target = suppression.value;
  if (typeof value === 'string') {
    if (suppression.op === 'eq') return value === String(target);
    if (suppression.op === 'ne') return value !== String(target);
    return false;
  }
  const number = numberOf(target, states);
  if (number === null) return suppression.op === 'ne';
  switch (suppression.op) {
    case 'eq':
      return value === number;
    case 'ne':
      return value !== number;
    case 'lt':
      return value < number;
    case 'le':
      return value <= number;
    case 'gt':
      return value > number;
    case 'ge':
      return value >= number;
  }
}

function numberOf(target: Suppression['value'], states: readonly EnumState[] | undefined): number | null {
  if (typeof target === 'number') return target;
  if (typeof target === 'boolean') return target ? 1 : 0;
  const labelled = states?.find((state) => state.label === target);
  if (labelled) return labelled.value;
  if (target === 'true' || target === 'false') return target === 'true' ? 1 : 0;
  const parsed = target.trim() === '' ? NaN : Number(target);
  return Number.isFinite(parsed) ? parsed : null;
}
