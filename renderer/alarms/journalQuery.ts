import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import type { AlarmJournalFilter, AlarmJournalState } from '../../shared/alarms.js';

/**
 * The journal screen's filter form, as typed (text, so half-typed values are kept), and what it
 * becomes: the contract's AlarmJournalFilter for `alarms.queryJournal`, and the same filter as
 * the query string of `/api/export/alarms.csv` (shared/httpQuery.ts: times, comma lists).
 */
export interface JournalForm {
  /** `datetime-local` values (local time), `''` for "the preset". */
  from: string;
  to: string;
  tag: string;
  area: string;
  priorities: readonly AlarmPriority[];
  states: readonly AlarmJournalState[];
  user: string;
  text: string;
}

export const EMPTY_JOURNAL_FORM: JournalForm = {
  from: '',
  to: '',
  tag: '',
  area: '',
  priorities: [],
  states: [],
  user: '',
  text: '',
};

/** With no start given the journal shows the last week. */
export const DEFAULT_SPAN_MS = 7 * 86_400_000;

/** `2026-01-31T14:05` as the browser's local time, or NaN. */
function localTime(text: string): number {
  return text.trim() === '' ? NaN : new Date(text).getTime();
}

/** A time as a `datetime-local` field shows it, in local time, to the minute. */
export function toLocalInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** The filter a form describes at `now`, or what is wrong with it. */
export function journalFilter(
  form: JournalForm,
  now: number,
): { ok: true; filter: AlarmJournalFilter } | { ok: false; error: string } {
  const to = form.to.trim() === '' ? now : localTime(form.to);
  const from = form.from.trim() === '' ? to - DEFAULT_SPAN_MS : localTime(form.from);
  if (Number.isNaN(from) || Number.isNaN(to))
    return { ok: false, error: 'the time range is not a valid date' };
  if (from > to) return { ok: false, error: 'the range starts after it ends' };
  const filter: AlarmJournalFilter = { from: Math.max(0, from), to };
  const text = (key: 'tag' | 'area' | 'user' | 'text') => form[key].trim();
  if (text('tag')) filter.tag = text('tag');
  if (text('area')) filter.area = text('area');
  if (text('user')) filter.user = text('user');
  if (text('text')) filter.text = text('text');
  if (form.priorities.length > 0) filter.priority = [...form.priorities];
  if (form.states.length > 0) filter.state = [...form.states];
  return { ok: true, filter };
}

/** The filter as `/api/export/alarms.csv`'s query string. */
export function alarmJournalCsvHref(filter: AlarmJournalFilter): string {
  const params = new URLSearchParams({
    from: new Date(filter.from).toISOString(),
    to: new Date(filter.to).toISOString(),
  });
  for (const key of ['tag', 'area', 'user', 'text'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (filter.priority?.length) params.set('priority', filter.priority.join(','));
  if (filter.state?.length) params.set('state', filter.state.join(','));
  if (filter.trigger?.length) params.set('trigger', filter.trigger.join(','));
  return `/api/export/alarms.csv?${params.toString()}`;
}

/** `alarm-journal-2026-01-31.csv`, named after the day the range starts. */
export function journalFileName(filter: AlarmJournalFilter): string {
  return `alarm-journal-${toLocalInput(filter.from).slice(0, 10)}.csv`;
}
