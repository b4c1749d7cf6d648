import type { ConditionValue } from '../../../shared/alarmDefinitions.js';
import type { TagCurrentValue, TagMeta } from '../../../shared/domain.js';

/**
 * The alarm states of a discrete alarm, resolved once against the tag's type so that each
 * sample is one set lookup. Numbers, on/off and enum tags compare numbers: `true`/`false` are
 * 1/0, an enum state may be named by its value or by its label (the tag's state table), and a
 * text that reads as a number counts as that number. Text tags compare texts, a number or a
 * boolean as it is written (`3`, `true`).
 */
export interface StateSet {
  numbers: ReadonlySet<number>;
  texts: ReadonlySet<string>;
}

export function compileStates(
  states: readonly ConditionValue[],
  meta: Pick<TagMeta, 'dataType' | 'states'>,
): StateSet {
  const numbers = new Set<number>();
  const texts = new Set<string>();
  for (const state of states) {
    if (meta.dataType === 'string') {
      texts.add(String(state));
      continue;
    }
    const number = numberOf(state, meta);
    if (number !== null) numbers.add(number);
  }
  return { numbers, texts };
}

function numberOf(state: ConditionValue, meta: Pick<TagMeta, 'states'>): number | null {
  if (typeof state === 'number') return state;
  if (typeof state === 'boolean') return state ? 1 : 0;
  const labelled = meta.states?.find((s) => s.label === state);
  if (labelled) return labelled.value;
  if (state === 'true' || state === 'false') return state === 'true' ? 1 : 0;
  const parsed = state.trim() === '' ? NaN : Number(state);
  return Number.isFinite(parsed) ? parsed : null;
}

export function inStates(set: StateSet, value: TagCurrentValue): boolean {
  if (typeof value === 'number') return set.numbers.has(value);
  return value !== null && set.texts.has(value);
}
