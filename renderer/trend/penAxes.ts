import { stateLabel, type EnumState } from '../../shared/domain.js';
import type { PenSpec } from './penStyle.js';

/**
 * An axis that serves several pens is drawn in neutral ink: no one pen's colour would be right
 * for it, and its label names every pen it serves.
 */
export const SHARED_AXIS_COLOUR = '#2b2b2b';

/** One y scale and its axis, serving one pen or several that read alike. */
export interface PenAxis {
  /** The uPlot scale key: the id of the axis' first pen. */
  scale: string;
  /** Indexes into the specs of the pens drawn on this scale, in pen order. */
  pens: number[];
  /** `P1 mm/s`, `P2 P5 bar`, `P3`: the pens by number, then the unit. */
  label: string;
  colour: string;
  unit: string;
  /** The range the axis shows (see `effectiveRange`); null: the scale follows the data. */
  range: [low: number, high: number] | null;
  /** Where the range comes from, for the legend and for tests that cannot read a canvas. */
  source: AxisSource;
  isBoolean: boolean;
  /** An enum pen's states, ticked and named on its axis; absent for other axes. */
  states?: readonly EnumState[];
}

/** A pen's axis range comes from its tag, from the operator's fixed range, or from its data. */
export type AxisSource = 'engineering' | 'fixed' | 'auto' | 'boolean' | 'states';

export interface EffectiveRange {
  source: AxisSource;
  range: [low: number, high: number] | null;
}

/** The tag's engineering range; null when not known or not a range. */
function engRange({ engLow: low, engHigh: high }: PenSpec): [low: number, high: number] | null {
  return low === null || high === null || !(high > low) ? null : [low, high];
}

/** An enum pen's range: its first to its last state (half a step either side of a lone one). */
export function stateRange(states: readonly EnumState[]): [low: number, high: number] {
  const values = states.map((state) => state.value);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return high > low ? [low, high] : [low - 0.5, high + 0.5];
}

/** An enum axis ticks at its states only and names them (`Stopped`, `Running`, `Tripped`). */
export function stateTicks(states: readonly EnumState[]): {
  splits: () => number[];
  values: (u: unknown, splits: number[]) => string[];
} {
  return {
    splits: () => states.map((state) => state.value),
    values: (_u, splits) => splits.map((value) => stateLabel(states, value) ?? String(value)),
  };
}

/** Axis width in CSS pixels: room for the longest state name at 11 px, else the usual 48. */
export function axisSize(axis: Pick<PenAxis, 'states'>): number {
  const longest = Math.max(0, ...(axis.states ?? []).map((state) => state.label.length));
  return Math.min(120, Math.max(48, Math.ceil(longest * 6.5) + 18));
}

/**
 * The range a pen's axis shows: OFF…ON for a boolean and first…last state for an enum, whatever
 * was asked (their axes name states, not quantities); else the operator's fixed range, or none
 * when they chose auto; else the tag's engineering range (ISA-101: trends on fixed engineering
 * ranges), or none when that is not known and the scale follows the data.
 */
export function effectiveRange(spec: PenSpec): EffectiveRange {
  if (spec.isBoolean) return { source: 'boolean', range: [0, 1] };
  if (spec.states) return { source: 'states', range: stateRange(spec.states) };
  const { axis } = spec;
  if (axis === 'auto') return { source: 'auto', range: null };
  // A saved view's range was checked when stored; one that is not usable falls back, not breaks.
  if (axis && Number.isFinite(axis.min) && Number.isFinite(axis.max) && axis.min < axis.max) {
    return { source: 'fixed', range: [axis.min, axis.max] };
  }
  const range = engRange(spec);
  return range ? { source: 'engineering', range } : { source: 'auto', range: null };
}

/**
 * Pens share an axis when they read alike: the same unit and the same effective range from the
 * same source (or both following their data). A pen then stays on exactly its own range, and two
 * pumps' pressures are drawn on one scale where their lines can be compared. A fixed range shares
 * only with the same fixed range: it is the operator's statement about that pen, not the tag's.
 * Booleans, enums and pens without a unit keep their own axes: stacked states would hide each
 * other, and no unit means no claim they compare.
 */
function shareKey(spec: PenSpec): string {
  if (spec.isBoolean || spec.states || spec.unit === '') return `pen\u0000${spec.id}`;
  const { source, range } = effectiveRange(spec);
  return `${source}\u0000${spec.unit}\u0000${String(range)}`;
}

/** The y axes of a trend, in order of their first pen. */
export function penAxes(specs: readonly PenSpec[]): PenAxis[] {
  const byKey = new Map<string, PenAxis>();
  specs.forEach((spec, index) => {
    const key = shareKey(spec);
    const shared = byKey.get(key);
    if (shared) {
      shared.pens.push(index);
      shared.colour = SHARED_AXIS_COLOUR;
      return;
    }
    byKey.set(key, {
      scale: spec.id,
      pens: [index],
      label: '',
      colour: spec.colour,
      unit: spec.unit,
      ...effectiveRange(spec),
      isBoolean: spec.isBoolean,
      ...(spec.states ? { states: spec.states } : {}),
    });
  });
  const axes = [...byKey.values()];
  for (const axis of axes) {
    const numbers = axis.pens.map((index) => `P${specs[index]?.number ?? index + 1}`);
    axis.label = [...numbers, axis.unit].filter(Boolean).join(' ');
  }
  return axes;
}

/** `fixed 2…8`, `engineering 0…16`, `auto`: an axis' range in words, as the chart's data attributes state it. */
export function describeAxisRange(axis: Pick<PenAxis, 'source' | 'range'>): string {
  return axis.range ? `${axis.source} ${axis.range[0]}…${axis.range[1]}` : axis.source;
}

/** The scale key of each pen, by pen index. */
export function scaleOfPens(axes: readonly PenAxis[], count: number): string[] {
  const scales = new Array<string>(count).fill('');
  for (const axis of axes) for (const index of axis.pens) scales[index] = axis.scale;
  return scales;
}
