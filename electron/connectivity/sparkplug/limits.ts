import type { AlarmLimit, AlarmLimitKind } from '../../../shared/domain.js';
import type { SparkplugMetric } from './types.js';

/**
 * The birth properties that carry a metric's alarm limits, in engineering units. Sparkplug B
 * names only `engUnit`, `engLow` and `engHigh` among engineering properties and leaves the rest
 * to the application, so these names are ours; the README documents them for device builders.
 */
export const LIMIT_PROPERTY: Readonly<Record<AlarmLimitKind, string>> = {
  HH: 'alarmHH',
  H: 'alarmH',
  L: 'alarmL',
  LL: 'alarmLL',
};

/**
 * A metric's alarm limits from its birth properties. A limit property that is not a finite
 * number is left out and reported through `invalid`, so one bad property costs only that limit.
 */
export function limitsFromProperties(
  metric: SparkplugMetric,
  invalid: (property: string) => void,
): AlarmLimit[] {
  const limits: AlarmLimit[] = [];
  for (const [kind, property] of Object.entries(LIMIT_PROPERTY) as Array<[AlarmLimitKind, string]>) {
    const found = metric.properties?.[property];
    if (found === undefined) continue;
    if (typeof found.value === 'number' && Number.isFinite(found.value)) {
      limits.push({ kind, value: found.value });
    } else invalid(property);
  }
  return limits;
}
