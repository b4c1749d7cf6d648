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
  /** The engineering range the axis shows; null when unknown: the scale follows the data. */
  range: [low: number, high: number] | null;
  isBoolean: boolean;
  /** An enum pen's states, ticked and named on its axis; absent for other axes. */
  states?: readonly EnumState[];
}

/** The pen's fixed range: its engineering range, or OFF…ON for a boolean; null when not known. */
export function engRange(spec: PenSpec): [low: number, high: number] | null {
  const low = spec.isBoolean ? 0 : spec.engLow;
  const high = spec.isBoolean ? 1 : spec.engHigh;
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
 * Pens share an axis when they read alike: the same unit and the same engineering range (or
 * both unknown). A pen then stays on exactly its own range, and two pumps' pressures are drawn
 * on one scale where their lines can be compared. Booleans and pens without a unit keep their
 * own axes: stacked booleans would hide each other, and no unit means no claim they compare.
 */
function shareKey(spec: PenSpec): string {
  if (spec.isBoolean || spec.states || spec.unit === '') return `pen\u0000${spec.id}`;
  return `unit\u0000${spec.unit}\u0000${String(engRange(spec))}`;
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
      range: spec.states ? stateRange(spec.states) : engRange(spec),
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

/** The scale key of each pen, by pen index. */
export function scaleOfPens(axes: readonly PenAxis[], count: number): string[] {
  const scales = new Array<string>(count).fill('');
  for (const axis of axes) for (const index of axis.pens) scales[index] = axis.scale;
  return scales;
}
