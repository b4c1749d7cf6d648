import type { AlarmKpiReport } from '../../../shared/alarms.js';
import { percent, TEN_MINUTES } from './kpiLines.js';
import { slotCounts } from './rates.js';

/** A flood starts when more than this many activations fall within ten minutes… */
export const FLOOD_START = 10;
/** …and ends when fewer than this many remain in the ten minutes before. */
export const FLOOD_END = 5;

type Episode = AlarmKpiReport['flood']['episodes'][number];

/**
 * Alarm floods (EEMUA 191, ../shared/reference/alarms.md): over a sliding ten-minute window
 * (t − 10 min, t], a flood starts when the window holds more than 10 activations and ends at the
 * first moment it holds fewer than 5. The episode is dated from the oldest activation in the
 * window that started it (those alarms are the flood's first) to that moment, clipped to the
 * period; `alarms` counts activations within it and `peak10Min` the fullest window. Times must
 * be in order.
 */
export function floodEpisodes(times: readonly number[], to: number): Episode[] {
  const episodes: Episode[] = [];
  // The window holds times[oldest … next-1]; an activation leaves it ten minutes after it came.
  let oldest = 0;
  let next = 0;
  let open: { first: number; startMs: number; peak: number } | null = null;
  const close = (endMs: number) => {
    if (!open) return;
    episodes.push({ startMs: open.startMs, endMs, alarms: next - open.first, peak10Min: open.peak });
    open = null;
  };
  while (next < times.length || oldest < next) {
    const arrival = next < times.length ? times[next]! : Infinity;
    const departure = oldest < next ? times[oldest]! + TEN_MINUTES : Infinity;
    if (departure <= arrival) {
      // At the same instant one leaves before the other comes: the window is (t − 10 min, t].
      if (departure > to) break;
      oldest++;
      if (open && next - oldest < FLOOD_END) close(departure);
      continue;
    }
    next++;
    const inWindow = next - oldest;
    if (open) open.peak = Math.max(open.peak, inWindow);
    else if (inWindow > FLOOD_START) open = { first: oldest, startMs: times[oldest]!, peak: inWindow };
  }
  close(to);
  return episodes;
}

/** The flood KPIs: share of 10-minute slots with more than 10, share of time in flood, episodes. */
export function flood(times: readonly number[], from: number, to: number): AlarmKpiReport['flood'] {
  const slots = slotCounts(times, from, to, TEN_MINUTES).count;
  const episodes = floodEpisodes(times, to);
  const flooded = episodes.reduce((sum, e) => sum + (e.endMs - e.startMs), 0);
  return {
    percentOfPeriods: percent(slots.filter((count) => count > FLOOD_START).length, slots.length),
    percentOfTime: percent(flooded, to - from),
    episodes,
  };
}
