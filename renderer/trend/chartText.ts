import { formatClock } from '../format/time.js';

/** The time axis' labels (the crosshair readout's text is in readout.ts). */

const MINUTE = 60_000;
const DAY = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function dayOf(ts: number): string {
  const date = new Date(ts);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Labels for the time axis, 24-hour local time: seconds only when ticks are closer than a
 * minute; the date under the first tick and under every tick that starts a new day, so a trend
 * of last night or last month says which day it shows; dates alone once ticks are a day apart.
 * The step is the tick spacing in ms.
 */
export function timeTickLabels(splits: readonly number[]): string[] {
  const step = splits.length > 1 ? (splits[1] ?? 0) - (splits[0] ?? 0) : MINUTE;
  return splits.map((ts, i) => {
    const day = dayOf(ts);
    const previous = i === 0 ? '' : dayOf(splits[i - 1] ?? ts);
    if (step >= DAY) return day.slice(0, 4) === previous.slice(0, 4) ? day.slice(5) : day;
    const clock = step < MINUTE ? formatClock(ts) : formatClock(ts).slice(0, 5);
    return day === previous ? clock : `${clock}\n${day}`;
  });
}
