import type { AlarmLimitKind } from '../../shared/domain.js';
import { SHARED_AXIS_COLOUR, type PenAxis } from './penAxes.js';
import type { PenSpec } from './penStyle.js';

/** One alarm limit as the chart draws it: a dashed level on a pen's scale, labelled. */
export interface LimitLine {
  scale: string;
  kind: AlarmLimitKind;
  value: number;
  colour: string;
  /** `P1 HH`, or `P2 P5 H` where pens on one scale share a limit. */
  label: string;
}

/**
 * Every pen's alarm limits as lines on its scale (ISA-101: alarm limits are drawn on trends). Two
 * pens on one scale with the same limit get one line naming both, in the shared axis' ink, so
 * labels never sit on top of each other. Booleans have no limits to draw.
 */
export function limitLines(specs: readonly PenSpec[], axes: readonly PenAxis[]): LimitLine[] {
  const lines = new Map<string, LimitLine & { pens: number[] }>();
  for (const axis of axes) {
    for (const index of axis.pens) {
      const spec = specs[index];
      if (!spec || spec.isBoolean) continue;
      for (const limit of spec.limits ?? []) {
        const key = `${axis.scale}\u0000${limit.kind}\u0000${limit.value}`;
        const line = lines.get(key);
        if (line) {
          line.pens.push(spec.number);
          line.colour = SHARED_AXIS_COLOUR;
        } else {
          lines.set(key, {
            scale: axis.scale,
            ...limit,
            colour: spec.colour,
            label: '',
            pens: [spec.number],
          });
        }
      }
    }
  }
  return [...lines.values()].map(({ pens, ...line }) => ({
    ...line,
    label: `${pens.map((n) => `P${n}`).join(' ')} ${line.kind}`,
  }));
}
