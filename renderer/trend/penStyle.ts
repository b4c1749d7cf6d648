import type { AlarmLimit, EnumState, Tag, TagId } from '../../shared/domain.js';
import type { ViewAxis } from '../../shared/trendViews.js';
import type { OptionsByPen } from './penOptions.js';

/**
 * The pens' palette, by name so that a picker can say which is which. Dark and muted so that
 * they read on grey without competing with the alarm colours (red, amber, yellow, magenta),
 * which are kept for abnormal states; far enough apart in hue and lightness to tell lines apart,
 * and dark enough to read as text on the chart (see the palette's test). A pen is also named by
 * its number (P1…P8) in the legend, so colour is never the only cue.
 */
export const PEN_PALETTE = [
  { name: 'Navy', colour: '#1f3a68' },
  { name: 'Brown', colour: '#6b4010' },
  { name: 'Green', colour: '#1f6035' },
  { name: 'Purple', colour: '#5b3687' },
  { name: 'Graphite', colour: '#404040' },
  { name: 'Teal', colour: '#0b6670' },
  { name: 'Olive', colour: '#5e5c00' },
  { name: 'Wine', colour: '#6e2c4a' },
] as const;

/** Dashes for the uncertain part of a pen, in CSS pixels. */
export const UNCERTAIN_DASH = [6, 4];
/** Opacity of the uncertain part, as a hex alpha appended to the pen's `#rrggbb` colour. */
export const UNCERTAIN_ALPHA = '99';

export interface PenSpec {
  id: TagId;
  number: number;
  /** The operator's choice, else the palette's colour for the pen's number. */
  colour: string;
  unit: string;
  engLow: number | null;
  engHigh: number | null;
  isBoolean: boolean;
  /** The tag's alarm limits, drawn on the pen's scale; absent where none are known. */
  limits?: readonly AlarmLimit[];
  /** The operator's axis (fixed or auto); absent: the engineering range (see penAxes.ts). */
  axis?: ViewAxis;
  /** An enum tag's state table: the pen steps between its states, named on its axis. */
  states?: readonly EnumState[];
  /** Digits after the point an engineer set for the tag; absent: from its range. */
  decimals?: number;
}

/** Booleans and enums report changes of state: a value holds until the next, so draw steps. */
export function isStepped(spec: Pick<PenSpec, 'isBoolean' | 'states'>): boolean {
  return spec.isBoolean || spec.states !== undefined;
}

/** The default colour of the pen at this index (P1 is index 0). */
export function penColour(index: number): string {
  return PEN_PALETTE[index % PEN_PALETTE.length]?.colour ?? '#404040';
}

/** Each pen's colour, in pen order: the operator's choice, else its number's. */
export function penColours(pens: readonly TagId[], options: OptionsByPen = {}): string[] {
  return pens.map((id, index) => options[id]?.colour ?? penColour(index));
}

export function penSpecs(
  pens: readonly TagId[],
  tags: Readonly<Record<TagId, Tag>>,
  options: OptionsByPen = {},
): PenSpec[] {
  return pens.map((id, index) => {
    const tag = tags[id];
    const axis = options[id]?.axis;
    return {
      id,
      number: index + 1,
      colour: options[id]?.colour ?? penColour(index),
      unit: tag?.unit ?? '',
      engLow: tag?.engLow ?? null,
      engHigh: tag?.engHigh ?? null,
      isBoolean: tag?.dataType === 'boolean',
      limits: tag?.dataType === 'boolean' ? [] : (tag?.limits ?? []),
      ...(tag?.dataType === 'enum' && tag.states?.length ? { states: tag.states } : {}),
      ...(axis === undefined ? {} : { axis }),
      ...(tag?.decimals === undefined ? {} : { decimals: tag.decimals }),
    };
  });
}

/**
 * The pens' specs as a string, which a store selector can return: it changes only when the
 * chart's series or axes must, not with every value.
 */
export function penSpecsKey(
  pens: readonly TagId[],
  tags: Readonly<Record<TagId, Tag>>,
  options: OptionsByPen = {},
): string {
  return JSON.stringify(penSpecs(pens, tags, options));
}

export function parsePenSpecs(key: string): PenSpec[] {
  return JSON.parse(key) as PenSpec[];
}
