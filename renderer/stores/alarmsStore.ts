import { create } from 'zustand';
import {
  DEFAULT_ALARM_SETTINGS,
  type Alarm,
  type AlarmActionResult,
  type AlarmSettings,
} from '../../shared/alarms.js';
import type { EventPayload } from '../../shared/contract.js';
import type { Caller } from '../../shared/roles.js';
import { NO_CURSOR, type ListCursor } from '../alarms/listNavigation.js';
import {
  applyAlarmDelta,
  applyAlarmList,
  emptyAlarmsModel,
  silence,
  type AlarmsModel,
} from './alarmsModel.js';
import {
  DEFAULT_SORT,
  NO_FILTER,
  type AlarmFilter,
  type AlarmSort,
  type AlarmSortKey,
} from './alarmsSelectors.js';

/**
 * The alarms of the site as this station sees them (alarmsModel.ts), who we are and the site's
 * alarm settings, and the list's own state: filter, order, keyboard cursor and selection, and
 * the alarm whose details are open.
 */
export interface AlarmsState extends AlarmsModel {
  /** An `alarms.list` has been applied since the page opened. */
  loaded: boolean;
  loadError: string | null;
  caller: Caller | null;
  settings: AlarmSettings;
  filter: AlarmFilter;
  sort: AlarmSort;
  cursor: ListCursor;
  detailsId: string | null;
}

export const initialAlarmsState: AlarmsState = {
  ...emptyAlarmsModel,
  loaded: false,
  loadError: null,
  caller: null,
  settings: DEFAULT_ALARM_SETTINGS,
  filter: NO_FILTER,
  sort: DEFAULT_SORT,
  cursor: NO_CURSOR,
  detailsId: null,
};

/** A click on a column's header: sort by it (most severe / newest first), or turn its direction. */
export function nextSort(current: AlarmSort, key: AlarmSortKey): AlarmSort {
  if (current.key === key) return { key, dir: current.dir === 'desc' ? 'asc' : 'desc' };
  return { key, dir: key === 'tag' || key === 'area' ? 'asc' : 'desc' };
}

/**
 * The alarms an action answered with: done ones are applied at once (the event with the same
 * revision follows), refused ones are returned in words.
 */
export function applyActionResult(
  state: AlarmsState,
  result: AlarmActionResult,
): { state: AlarmsState; refusals: string[] } {
  const done: Alarm[] = [];
  const refusals: string[] = [];
  for (const item of result.results) {
    if (item.ok) done.push(item.alarm);
    else refusals.push(`${item.id}: ${item.message}`);
  }
  if (done.length === 0) return { state, refusals };
  const model = applyAlarmDelta(state, { alarms: done, removed: [] });
  return { state: { ...state, ...model }, refusals };
}

export const useAlarmsStore = create<AlarmsState>()(() => initialAlarmsState);

const set = (next: (state: AlarmsState) => Partial<AlarmsState>) => useAlarmsStore.setState(next);

export const alarmsActions = {
  loadList(alarms: readonly Alarm[]): void {
    set((state) => ({ ...applyAlarmList(state, alarms), loaded: true, loadError: null }));
  },
  applyDelta(delta: EventPayload<'onAlarms'>): void {
    set((state) => applyAlarmDelta(state, delta));
  },
  loadFailed(message: string): void {
    set(() => ({ loadError: message }));
  },
  setCaller(caller: Caller): void {
    set(() => ({ caller }));
  },
  setSettings(settings: AlarmSettings): void {
    set(() => ({ settings }));
  },
  silence(): void {
    set((state) => silence(state));
  },
  setFilter(patch: Partial<AlarmFilter>): void {
    set((state) => ({ filter: { ...state.filter, ...patch } }));
  },
  sortBy(key: AlarmSortKey): void {
    set((state) => ({ sort: nextSort(state.sort, key) }));
  },
  setCursor(cursor: ListCursor): void {
    set(() => ({ cursor }));
  },
  openDetails(id: string | null): void {
    set(() => ({ detailsId: id }));
  },
  /** Applies an action's answer; returns what was refused, in words. */
  applyResult(result: AlarmActionResult): string[] {
    let refusals: string[] = [];
    useAlarmsStore.setState((state) => {
      const applied = applyActionResult(state, result);
      refusals = applied.refusals;
      return applied.state;
    }, true);
    return refusals;
  },
  reset(): void {
    useAlarmsStore.setState(initialAlarmsState, true);
  },
};
