import type { EnumState } from '../../../shared/domain.js';
import { parseStateTable } from '../../../shared/stateTable.js';
import { INTEGER_TYPES, type SparkplugMetric } from './types.js';

/**
 * The birth property that makes an integer metric an enum tag: a String property `states`
 * holding `0=Stopped;1=Running;2=Tripped` (shared/stateTable.ts). Sparkplug B has no state
 * tables, so the name is ours, as the alarm limit properties are; `States` is read as well.
 */
export const STATES_PROPERTY = 'states';
const STATES_PROPERTY_ALIAS = 'States';

/**
 * A metric's state table from its birth properties: null when it has none, so it stays a plain
 * number. A table on a metric that is not an integer, one that is not a String, and entries that
 * cannot be read are reported through `invalid`; what can be read is kept.
 */
export function statesFromProperties(
  metric: SparkplugMetric,
  invalid: (detail: string) => void,
): EnumState[] | null {
  const found = metric.properties?.[STATES_PROPERTY] ?? metric.properties?.[STATES_PROPERTY_ALIAS];
  if (found === undefined) return null;
  if (typeof found.value !== 'string') {
    invalid(`${STATES_PROPERTY} is a ${found.type}, not a String`);
    return null;
  }
  if (!INTEGER_TYPES.has(metric.type)) {
    invalid(`${STATES_PROPERTY} on a ${metric.type} metric (enum tags are integers)`);
    return null;
  }
  const { states, invalid: unread } = parseStateTable(found.value);
  if (unread.length > 0) invalid(`unreadable ${STATES_PROPERTY} entries: ${unread.join('; ')}`);
  return states.length > 0 ? states : null;
}
