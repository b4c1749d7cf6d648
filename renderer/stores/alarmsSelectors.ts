import { PRIORITY_RANK, type AlarmPriority } from '../../shared/alarmDefinitions.js';
import { isAnnunciated, type Alarm, type AlarmSettings } from '../../shared/alarms.js';
import { hasRole, type Caller } from '../../shared/roles.js';

/** Pure selectors over the alarms: list order, filters, the banner's pick, what the caller may do. */

/** Most severe first, as the list, the banner and the counts show them. */
export const PRIORITIES_DESC: readonly AlarmPriority[] = ['critical', 'high', 'medium', 'low'];

export type AlarmSortKey = 'priority' | 'time' | 'tag' | 'area' | 'state';
export interface AlarmSort {
  key: AlarmSortKey;
  /** `desc`: most severe / newest / Z first. */
  dir: 'asc' | 'desc';
}
/** ISA-18.2's default order: priority, then newest. */
export const DEFAULT_SORT: AlarmSort = { key: 'priority', dir: 'desc' };

/** The state filter in the operator's words: unacknowledged (active or returned), acknowledged, returned. */
export type AlarmStateFilter = 'all' | 'unacked' | 'acked' | 'returned';
export interface AlarmFilter {
  priorities: readonly AlarmPriority[];
  /** '' is every area. */
  area: string;
  state: AlarmStateFilter;
  text: string;
}
export const NO_FILTER: AlarmFilter = { priorities: PRIORITIES_DESC, area: '', state: 'all', text: '' };

/** When the alarm began (its activation), else when it last changed. */
export function alarmTime(alarm: Alarm): number {
  return alarm.activeSinceMs ?? alarm.changedMs;
}

/** Shelved, suppressed by design or out of service: hidden from the active list and the banner. */
export function isHidden(alarm: Alarm): boolean {
  return alarm.shelved !== null || alarm.suppressed || alarm.outOfService !== null;
}

const STATE_ORDER: Readonly<Record<Alarm['state'], number>> = {
  unacked: 4,
  rtnUnacked: 3,
  latched: 2,
  acked: 1,
  normal: 0,
};

const text = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

function compareBy(key: AlarmSortKey, a: Alarm, b: Alarm): number {
  switch (key) {
    case 'priority':
      return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
    case 'time':
      return alarmTime(a) - alarmTime(b);
    case 'tag':
      return text(a.tag, b.tag);
    case 'area':
      return text(a.area, b.area);
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
  }
}

/** The chosen column first; ties newest first, then by id so the order never jitters. */
export function compareAlarms(sort: AlarmSort): (a: Alarm, b: Alarm) => number {
  const sign = sort.dir === 'desc' ? -1 : 1;
  return (a, b) =>
    sign * compareBy(sort.key, a, b) ||
    alarmTime(b) - alarmTime(a) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function matchesState(alarm: Alarm, state: AlarmStateFilter): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'unacked':
      return !alarm.acknowledged;
    case 'acked':
      return alarm.acknowledged;
    case 'returned':
      return !alarm.active;
  }
}

/** A test for the filter: priority, area, state and every word of the text (case-insensitive). */
export function alarmMatcher(filter: AlarmFilter): (alarm: Alarm) => boolean {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  const priorities = new Set(filter.priorities);
  return (alarm) => {
    if (!priorities.has(alarm.priority)) return false;
    if (filter.area !== '' && alarm.area !== filter.area) return false;
    if (!matchesState(alarm, filter.state)) return false;
    if (words.length === 0) return true;
    const haystack = `${alarm.id} ${alarm.message} ${alarm.area}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
}

/** The active list: annunciated alarms matching the filter, in the chosen order. */
export function activeRows(
  byId: Readonly<Record<string, Alarm>>,
  filter: AlarmFilter,
  sort: AlarmSort,
): Alarm[] {
  const matches = alarmMatcher(filter);
  return Object.values(byId)
    .filter((alarm) => isAnnunciated(alarm) && matches(alarm))
    .sort(compareAlarms(sort));
}

/** Shelved, suppressed and out-of-service alarms, those that unshelve soonest first. */
export function hiddenRows(byId: Readonly<Record<string, Alarm>>): Alarm[] {
  const until = (alarm: Alarm) => alarm.shelved?.untilMs ?? Number.POSITIVE_INFINITY;
  return Object.values(byId)
    .filter(isHidden)
    .sort((a, b) => until(a) - until(b) || compareAlarms(DEFAULT_SORT)(a, b));
}

/** Areas that have alarms in the list, for the area filter (an alarm without one has none to pick). */
export function alarmAreas(byId: Readonly<Record<string, Alarm>>): string[] {
  return [...new Set(Object.values(byId).map((alarm) => alarm.area))].filter(Boolean).sort(text);
}

/** What the caller may do to alarms (the server checks again; the UI offers only these). */
export interface AlarmCapabilities {
  /** Operator: acknowledge, shelve, unshelve, reset, add a note. */
  operate: boolean;
  /** Engineer: take out of service, return to service. */
  service: boolean;
}

export function alarmCapabilities(caller: Caller | null): AlarmCapabilities {
  return {
    operate: caller !== null && hasRole(caller, 'operator'),
    service: caller !== null && hasRole(caller, 'engineer'),
  };
}

/** Whether acknowledging these alarms needs a comment under the site's settings. */
export function ackCommentRequired(
  alarms: readonly Pick<Alarm, 'priority'>[],
  settings: AlarmSettings,
): boolean {
  return alarms.some((alarm) => settings.ackCommentRequired[alarm.priority]);
}

/**
 * The longest timed shelve allowed for all of these alarms (the smallest of their priorities'
 * maxima), or null when one of them may not be shelved at all.
 */
export function maxShelveMs(
  alarms: readonly Pick<Alarm, 'priority'>[],
  settings: AlarmSettings,
): number | null {
  let max = Number.POSITIVE_INFINITY;
  for (const alarm of alarms) {
    const allowed = settings.maxShelveMs[alarm.priority];
    if (allowed === null) return null;
    max = Math.min(max, allowed);
  }
  return Number.isFinite(max) ? max : null;
}
