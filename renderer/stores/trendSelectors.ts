import type { TagId } from '../../shared/domain.js';
import type { PenLoad } from '../trend/penLoad.js';
import { canGoBack, canGoForward, currentEntry } from '../trend/zoomStack.js';
import type { TrendState, TrendView } from './trendStore.js';

/**
 * Pure selectors over the trend store, usable with or without React. Each returns a value that
 * is already in the state (or a primitive), so components can select with it directly.
 */

/** The pen's number as the legend shows it (P1 = 1), or 0 when the tag is not on the trend. */
export const selectPenNumber =
  (id: TagId) =>
  (state: TrendState): number =>
    state.pens.indexOf(id) + 1;

/** What the trend shows now: live, or a history range. */
export const selectView = (state: TrendState): TrendView => currentEntry(state.nav);

export const selectIsLive = (state: TrendState): boolean => currentEntry(state.nav).kind === 'live';

export const selectCanGoBack = (state: TrendState): boolean => canGoBack(state.nav);

export const selectCanGoForward = (state: TrendState): boolean => canGoForward(state.nav);

export const selectPenLoad =
  (id: TagId) =>
  (state: TrendState): PenLoad | undefined =>
    state.loads[id];

/** Pens whose query failed, with the reason, in pen order. */
export function penErrors(state: Pick<TrendState, 'pens' | 'loads'>): Array<{ id: TagId; message: string }> {
  const errors: Array<{ id: TagId; message: string }> = [];
  for (const id of state.pens) {
    const load = state.loads[id];
    if (load?.state === 'error') errors.push({ id, message: load.message });
  }
  return errors;
}

/** Pens still waiting for their query, in pen order. */
export function pensLoading(state: Pick<TrendState, 'pens' | 'loads'>): TagId[] {
  return state.pens.filter((id) => state.loads[id]?.state === 'loading');
}
