import { create } from 'zustand';
import type { TagId } from '../../shared/domain.js';

/**
 * What the trend shows: its pens and time window. The samples themselves live in typed arrays
 * owned by the chart (see trend/penBuffer.ts), never here.
 */
export const MAX_PENS = 8;
export const WINDOW_PRESETS = [1, 10, 60] as const;
export type WindowMinutes = (typeof WINDOW_PRESETS)[number];

export interface TrendState {
  pens: readonly TagId[];
  windowMinutes: WindowMinutes;
  /** A message for the operator, e.g. why a pen was not added. */
  notice: string | null;
}

export const initialTrendState: TrendState = { pens: [], windowMinutes: 10, notice: null };

export function addPen(state: TrendState, id: TagId): TrendState {
  if (state.pens.includes(id)) return state.notice === null ? state : { ...state, notice: null };
  if (state.pens.length >= MAX_PENS) {
    return { ...state, notice: `A trend holds ${MAX_PENS} pens: remove one before adding ${id}.` };
  }
  return { ...state, pens: [...state.pens, id], notice: null };
}

export function removePen(state: TrendState, id: TagId): TrendState {
  if (!state.pens.includes(id)) return state;
  return { ...state, pens: state.pens.filter((pen) => pen !== id), notice: null };
}

export function togglePen(state: TrendState, id: TagId): TrendState {
  return state.pens.includes(id) ? removePen(state, id) : addPen(state, id);
}

export function setWindow(state: TrendState, windowMinutes: WindowMinutes): TrendState {
  return state.windowMinutes === windowMinutes ? state : { ...state, windowMinutes };
}

/** The pen's number as the legend shows it (P1 = 1), or 0 when the tag is not on the trend. */
export const selectPenNumber =
  (id: TagId) =>
  (state: TrendState): number =>
    state.pens.indexOf(id) + 1;

export const useTrendStore = create<TrendState>()(() => initialTrendState);

export const trendActions = {
  /** Returns whether the tag is now a pen. */
  addPen(id: TagId): boolean {
    useTrendStore.setState((state) => addPen(state, id), true);
    return useTrendStore.getState().pens.includes(id);
  },
  removePen(id: TagId): void {
    useTrendStore.setState((state) => removePen(state, id), true);
  },
  togglePen(id: TagId): void {
    useTrendStore.setState((state) => togglePen(state, id), true);
  },
  clearPens(): void {
    useTrendStore.setState((state) => ({ ...state, pens: [], notice: null }), true);
  },
  setWindow(windowMinutes: WindowMinutes): void {
    useTrendStore.setState((state) => setWindow(state, windowMinutes), true);
  },
  dismissNotice(): void {
    useTrendStore.setState({ notice: null });
  },
};
