import { formatDateTime } from '../format/time.js';
import type { TimeRange } from './timeRange.js';

/**
 * The free range's two `datetime-local` fields: their text is local wall-clock time without a
 * zone (`2026-01-31T14:05` or with seconds), parsed here by hand so that no browser's lenient
 * Date parsing turns `2026-02-30` into March.
 */

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

/** Epoch ms of a `datetime-local` value in the local zone, or null when it is not a real time. */
export function parseLocalDateTime(text: string): number | null {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const ms = Number((match[7] ?? '').padEnd(3, '0'));
  if (year === undefined || month === undefined || day === undefined) return null;
  if (hour === undefined || minute === undefined || year < 1970) return null;
  const date = new Date(year, month - 1, day, hour, minute, second ?? 0, ms);
  const real =
    date.getFullYear() === year &&
    date.getMonth() === month - 1 &&
    date.getDate() === day &&
    date.getHours() === hour &&
    date.getMinutes() === minute &&
    date.getSeconds() === second;
  return real ? date.getTime() : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The `datetime-local` text of a time, to the minute, local zone. */
export function toLocalDateTime(ts: number): string {
  const date = new Date(ts);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

export type RangeCheck =
  { ok: true; range: TimeRange } | { ok: false; field: 'from' | 'to'; message: string };

/**
 * Checks a free range as the operator typed it. The fields hold whole minutes, so an end within
 * the current minute counts as now; anything later is the future, where nothing is recorded.
 */
export function checkCustomRange(fromText: string, toText: string, now: number): RangeCheck {
  const from = parseLocalDateTime(fromText);
  const to = parseLocalDateTime(toText);
  if (fromText.trim() === '') return { ok: false, field: 'from', message: 'Enter a start time.' };
  if (from === null) return { ok: false, field: 'from', message: 'The start is not a valid date and time.' };
  if (toText.trim() === '') return { ok: false, field: 'to', message: 'Enter an end time.' };
  if (to === null) return { ok: false, field: 'to', message: 'The end is not a valid date and time.' };
  const latest = Math.ceil((now + 1) / 60_000) * 60_000;
  if (from >= latest) {
    return { ok: false, field: 'from', message: `The start is in the future: it must be before now.` };
  }
  if (to >= latest) {
    return {
      ok: false,
      field: 'to',
      message: `The end is in the future: it can be now (${formatDateTime(now).slice(0, 16)}) at the latest.`,
    };
  }
  if (from >= to) return { ok: false, field: 'from', message: 'The start must be before the end.' };
  return { ok: true, range: { from, to: Math.min(to, now) } };
}
