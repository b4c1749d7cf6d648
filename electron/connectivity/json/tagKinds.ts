import type { EnumState, TagDataType } from '../../../shared/domain.js';
import { parseStateTable } from '../../../shared/stateTable.js';

/** What the engine last announced of a tag, so it announces again only on a change. */
export interface KnownTag {
  unit: string;
  description: string;
  dataType: TagDataType;
  /** The `states` text as last sent, and the table read from it. */
  statesText: string | undefined;
  states: EnumState[];
}

export interface Described {
  described: KnownTag;
  changed: boolean;
  /** Entries of a new state table that could not be read. */
  invalidStates: string[];
}

/**
 * What a message says a tag is, and whether that differs from what was last announced (or the
 * tag is new). A tag first seen with a text is a string tag; an integer with a `states` table is
 * an enum tag, whose table holds until a message sends another one. JSON has no birth
 * certificate, so this is read from every message.
 */
export function describeTag(
  value: number | boolean | string | null,
  fields: { unit: string; description: string; states: string | undefined },
  known: KnownTag | undefined,
): Described {
  // The common case, a tag saying again what it said before: nothing to build.
  if (
    known &&
    known.unit === fields.unit &&
    known.description === fields.description &&
    (fields.states === undefined || fields.states === known.statesText) &&
    sameKind(value, known)
  )
    return { described: known, changed: false, invalidStates: [] };
  let states = known?.states ?? [];
  let statesText = known?.statesText;
  let invalidStates: string[] = [];
  if (fields.states !== undefined && fields.states !== statesText) {
    const parsed = parseStateTable(fields.states);
    invalidStates = parsed.invalid;
    statesText = fields.states;
    states = parsed.states;
  }
  let dataType: TagDataType;
  if (known?.dataType === 'string' || typeof value === 'string') dataType = 'string';
  else if (typeof value === 'boolean') dataType = 'boolean';
  else if (states.length > 0 && (value === null || Number.isInteger(value))) dataType = 'enum';
  else dataType = value === null && known ? known.dataType : 'number';
  const described: KnownTag = {
    unit: fields.unit,
    description: fields.description,
    dataType,
    statesText,
    states,
  };
  const changed =
    !known ||
    known.unit !== fields.unit ||
    known.description !== fields.description ||
    known.dataType !== dataType ||
    (dataType === 'enum' && known.statesText !== statesText);
  return { described, changed, invalidStates };
}

/** Whether this value keeps the tag's type as describeTag would derive it. */
function sameKind(value: number | boolean | string | null, known: KnownTag): boolean {
  switch (known.dataType) {
    case 'string':
      return true;
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return value === null || Number.isInteger(value);
    case 'number':
      return (value === null || typeof value === 'number') && known.states.length === 0;
  }
  return false;
}
