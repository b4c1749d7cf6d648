import type { AlarmLimit, EnumState, Tag, TagId } from '../../shared/domain.js';

/**
 * Pen colours: dark and muted so that they read on grey without competing with the alarm colours
 * (red, amber, yellow, magenta), which are kept for abnormal states. A pen is also named by its
 * number (P1…P8) in the legend, so colour is never the only cue.
 */
export const PEN_COLOURS = [
  '#1f3a68',
  '#5a3d1e',
  '#245447',
  '#4d2f63',
  '#3d3d3d',
  '#1f5670',
  '#5d4a12',
  '#5a2b3a',
] as const;

/** Dashes for the uncertain part of a pen, in CSS pixels. */
export const UNCERTAIN_DASH = [6, 4];
/** Opacity of the uncertain part, as a hex alpha appended to the pen's `#rrggbb` colour. */
export const UNCERTAIN_ALPHA = '99';

export interface PenSpec {
  id: TagId;
  number: number;
  colour: string;
  unit: string;
  engLow: number | null;
  engHigh: number | null;
  isBoolean: boolean;
  /** The tag's alarm limits, drawn on the pen's scale; absent where none are known. */
  limits?: readonly AlarmLimit[];
  /** An enum tag's state table: the pen steps between its states, named on its axis. */
  states?: readonly EnumState[];
}

/** Booleans and enums report changes of state: a value holds until the next, so draw steps. */
export function isStepped(spec: Pick<PenSpec, 'isBoolean' | 'states'>): boolean {
  return spec.isBoolean || spec.states !== undefined;
}

export function penColour(index: number): string {
  return PEN_COLOURS[index % PEN_COLOURS.length] ?? '#3d3d3d';
}

export function penSpecs(pens: readonly TagId[], tags: Readonly<Record<TagId, Tag>>): PenSpec[] {
  return pens.map((id, index) => {
    const tag = tags[id];
    return {
      id,
      number: index + 1,
      colour: penColour(index),
      unit: tag?.unit ?? '',
      engLow: tag?.engLow ?? null,
      engHigh: tag?.engHigh ?? null,
      isBoolean: tag?.dataType === 'boolean',
      limits: tag?.dataType === 'boolean' ? [] : (tag?.limits ?? []),
      ...(tag?.dataType === 'enum' && tag.states?.length ? { states: tag.states } : {}),
    };
  });
}

/**
 * The pens' specs as a string, which a store selector can return: it changes only when the
 * chart's series or axes must, not with every value.
 */
export function penSpecsKey(pens: readonly TagId[], tags: Readonly<Record<TagId, Tag>>): string {
  return JSON.stringify(penSpecs(pens, tags));
}

export function parsePenSpecs(key: string): PenSpec[] {
  return JSON.parse(key) as PenSpec[];
}
