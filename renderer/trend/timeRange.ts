/**
 * Time-range arithmetic for the trend's history mode: presets that end now, half-window pans,
 * drag-to-zoom ranges and how many points to ask of the historian for a chart width. Pure: every
 * function takes `now` instead of reading the clock, so tests and the store agree on it.
 */

/** A closed time range in epoch ms, `from < to`. */
export interface TimeRange {
  from: number;
  to: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The history presets operators ask for, each ending now. */
export const HISTORY_PRESETS = [
  { id: '15m', label: '15 min', spanMs: 15 * MINUTE },
  { id: '1h', label: '1 h', spanMs: HOUR },
  { id: '8h', label: '8 h', spanMs: 8 * HOUR },
  { id: '24h', label: '24 h', spanMs: DAY },
  { id: '7d', label: '7 d', spanMs: 7 * DAY },
  { id: '30d', label: '30 d', spanMs: 30 * DAY },
  { id: '1y', label: '1 year', spanMs: 365 * DAY },
] as const;

export type HistoryPresetId = (typeof HISTORY_PRESETS)[number]['id'];

/** Narrowest range a zoom may reach: below a second the historian's ms timestamps are all there is. */
export const MIN_SPAN_MS = 1_000;

/** Most points asked per pen: 4 × a 5K screen's width, far below the contract's MAX_POINTS. */
export const MAX_QUERY_POINTS = 20_000;

export function presetRange(id: HistoryPresetId, now: number): TimeRange {
  const preset = HISTORY_PRESETS.find((entry) => entry.id === id) ?? HISTORY_PRESETS[1];
  return { from: Math.max(0, now - preset.spanMs), to: now };
}

/** The live window as a fixed range, for when a live view is frozen, panned or zoomed. */
export function liveRange(windowMs: number, now: number): TimeRange {
  return { from: Math.max(0, now - windowMs), to: now };
}

export function sameRange(a: TimeRange, b: TimeRange): boolean {
  return a.from === b.from && a.to === b.to;
}

/**
 * Moves the range by half its span, earlier (-1) or later (+1), keeping its span. It never moves
 * past now: a pan that would end in the future stops at now, and returns the same range when
 * it already ends there.
 */
export function panRange(range: TimeRange, direction: -1 | 1, now: number): TimeRange {
  const span = range.to - range.from;
  let to = range.to + (direction * span) / 2;
  if (to > now) to = Math.max(now, range.to);
  to = Math.max(span, Math.round(to));
  if (to === range.to) return range;
  return { from: to - span, to };
}

/**
 * The range an x-axis drag selected, ordered, at least MIN_SPAN_MS wide (widened about its
 * centre) and not reaching past now: nothing is recorded there yet.
 */
export function zoomRange(a: number, b: number, now: number): TimeRange {
  let from = Math.min(a, b);
  let to = Math.min(Math.max(a, b), now);
  if (to - from < MIN_SPAN_MS) {
    const centre = Math.min((from + to) / 2, now - MIN_SPAN_MS / 2);
    from = centre - MIN_SPAN_MS / 2;
    to = centre + MIN_SPAN_MS / 2;
  }
  return { from: Math.max(0, Math.round(from)), to: Math.round(to) };
}

/**
 * Points to ask per pen for a chart `widthPx` CSS pixels wide: four per pixel column, which is
 * what M4 (Jugel et al., PVLDB 2014) needs for a pixel-exact line, capped at MAX_QUERY_POINTS.
 */
export function maxPointsForWidth(widthPx: number): number {
  const points = Math.ceil(4 * (Number.isFinite(widthPx) ? widthPx : 0));
  return Math.min(MAX_QUERY_POINTS, Math.max(4, points));
}

/** `15 min`, `8 h`, `7 d`: a span as the toolbar states it. */
export function formatSpan(spanMs: number): string {
  const units: Array<[number, string]> = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) {
    if (spanMs >= size) {
      const count = spanMs / size;
      const text = Number.isInteger(count) ? String(count) : count.toFixed(count < 10 ? 1 : 0);
      return `${text} ${unit}`;
    }
  }
  return `${Math.max(0, Math.round(spanMs))} ms`;
}
