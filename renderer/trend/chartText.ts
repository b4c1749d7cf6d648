import type { TagId } from '../../shared/domain.js';
import { qualityView } from '../format/quality.js';
import { formatClock, formatDateTime } from '../format/time.js';
import { formatValue } from '../format/value.js';
import type { Sample } from './penBuffer.js';
import type { PenSpec } from './penStyle.js';

/** The text a trend shows besides its lines: time-axis labels and the crosshair readout. */

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

/**
 * The crosshair readout: the time under the cursor, then every pen's value there with its unit
 * and, when not good, its quality as a word (`P2 41.7 bar STALE`, `P3 BAD`), so the reading does
 * not depend on telling a dashed line from a solid one. History shows the date, live the clock.
 */
export function readoutText(
  ts: number,
  specs: readonly PenSpec[],
  sampleAt: (id: TagId, t: number) => Sample | null,
  withDate: boolean,
): string {
  const parts = specs.map((spec) => {
    const sample = sampleAt(spec.id, ts);
    if (!sample) return `P${spec.number} —`;
    const quality = qualityView(sample.quality);
    if (quality.severity === 'bad') return `P${spec.number} BAD`;
    const text = formatValue({
      value: sample.value,
      dataType: spec.isBoolean ? 'boolean' : 'number',
      engLow: spec.engLow,
      engHigh: spec.engHigh,
    });
    return `P${spec.number} ${text}${spec.unit ? ` ${spec.unit}` : ''}${quality.badge ? ` ${quality.badge}` : ''}`;
  });
  return `${withDate ? formatDateTime(ts) : formatClock(ts)}   ${parts.join('   ')}`;
}
