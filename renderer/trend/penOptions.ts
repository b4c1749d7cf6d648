import type { Tag, TagId } from '../../shared/domain.js';
import { AxisRangeSchema, PenColourSchema, type AxisRange, type ViewAxis } from '../../shared/trendViews.js';
import { formatRange } from '../format/value.js';

/**
 * A pen's own colour and axis, as the operator set them in the legend or a saved view brought
 * them; unset: the pen's defaults (its number's colour, its tag's engineering range).
 */
export interface PenOptions {
  colour?: string;
  axis?: ViewAxis;
}

export type OptionsByPen = Readonly<Record<TagId, PenOptions>>;

/** The three ways an operator picks a pen's axis. */
export type AxisMode = 'engineering' | 'auto' | 'fixed';

export function axisMode(axis: ViewAxis | undefined): AxisMode {
  if (axis === undefined) return 'engineering';
  return axis === 'auto' ? 'auto' : 'fixed';
}

/** The axis option for a mode; engineering is the default, so it is stored as no option. */
export function axisOfMode(mode: Exclude<AxisMode, 'fixed'>): ViewAxis | undefined {
  return mode === 'auto' ? 'auto' : undefined;
}

/**
 * One pen's options with `key` set to `value`, or cleared when `value` is undefined; a pen with
 * nothing set leaves the map, so a saved view stores only what the operator chose.
 */
export function withPenOption<K extends keyof PenOptions>(
  options: OptionsByPen,
  id: TagId,
  key: K,
  value: PenOptions[K] | undefined,
): OptionsByPen {
  const next: PenOptions = { ...options[id] };
  if (value === undefined) delete next[key];
  else next[key] = value;
  const others = Object.fromEntries(Object.entries(options).filter(([pen]) => pen !== id));
  return Object.keys(next).length === 0 ? others : { ...others, [id]: next };
}

/** Whether a colour is one a pen can take (`#rrggbb`), as a saved view must store it. */
export const isPenColour = (colour: string): boolean => PenColourSchema.safeParse(colour).success;

export type AxisCheck = { ok: true; axis: AxisRange } | { ok: false; field: 'min' | 'max'; message: string };

/** A plain decimal number as typed: `12`, `-0.5`, `.5`, `1e3`; not `0x10`, `Infinity` or blanks. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseBound(text: string, what: 'minimum' | 'maximum'): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `Enter a ${what}.`;
  if (!DECIMAL.test(trimmed)) return `The ${what} must be a number, like 12.5.`;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : `The ${what} is too large.`;
}

/**
 * Checks a fixed axis as the operator typed it: both ends finite numbers, the minimum below the
 * maximum. The answer names the field at fault and says what is wrong in words, for the form to
 * show next to it; a range it accepts is one a saved view accepts too.
 */
export function checkAxisInput(minText: string, maxText: string): AxisCheck {
  const min = parseBound(minText, 'minimum');
  if (typeof min === 'string') return { ok: false, field: 'min', message: min };
  const max = parseBound(maxText, 'maximum');
  if (typeof max === 'string') return { ok: false, field: 'max', message: max };
  const parsed = AxisRangeSchema.safeParse({ min, max });
  if (!parsed.success) return { ok: false, field: 'max', message: 'The minimum must be below the maximum.' };
  return { ok: true, axis: parsed.data };
}

/**
 * The pen's axis as the legend states it: `fixed 2 – 8`, `auto`, or the engineering range
 * (`0 – 16 bar`; empty where it is not known, as before any choice).
 */
export function axisSummary(
  axis: ViewAxis | undefined,
  tag: Pick<Tag, 'engLow' | 'engHigh' | 'unit'> | undefined,
): string {
  if (axis === 'auto') return 'auto';
  if (axis) return `fixed ${axis.min} – ${axis.max}`;
  return tag ? formatRange(tag) : '';
}
