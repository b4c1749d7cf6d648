import type { z } from 'zod';
import { describeZodError } from '../../shared/errors.js';

/**
 * A JSON text stored in config.db, read back through its schema. A row that is not JSON or no
 * longer fits the schema (a hand edit, a newer version's shape) is reported as `what` and passed
 * over — null — so one bad row never keeps the rest of the file from being read.
 */
export function parseStored<S extends z.ZodType>(
  text: string,
  schema: S,
  what: string,
  onBadRow: (message: string) => void,
): z.output<S> | null;
/**
 * A row whose JSON columns are parts of one stored object (a saved view's pens and range, a
 * journal line's value): each column is parsed, `toInput` places them beside the row's plain
 * columns, and the whole is read through the schema — reported and passed over as above.
 */
export function parseStored<S extends z.ZodType, C extends string>(
  columns: Readonly<Record<C, string>>,
  schema: S,
  what: string,
  onBadRow: (message: string) => void,
  toInput: (json: Record<C, unknown>) => unknown,
): z.output<S> | null;
export function parseStored(
  stored: string | Readonly<Record<string, string>>,
  schema: z.ZodType,
  what: string,
  onBadRow: (message: string) => void,
  toInput?: (json: Record<string, unknown>) => unknown,
): unknown {
  let input: unknown;
  if (typeof stored === 'string') {
    input = parseJson(stored);
    if (input === NOT_JSON) {
      onBadRow(`${what} is not valid JSON; passed over it`);
      return null;
    }
  } else {
    const json: Record<string, unknown> = {};
    for (const [column, text] of Object.entries(stored)) {
      const value = parseJson(text);
      if (value === NOT_JSON) {
        onBadRow(`${what} is not valid JSON (${column}); passed over it`);
        return null;
      }
      json[column] = value;
    }
    input = toInput ? toInput(json) : json;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  onBadRow(`${what} does not parse (${describeZodError(parsed.error)}); passed over it`);
  return null;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** A row of a versions table (who changed what, when): the shape every one of them shares. */
export interface StoredVersionRow {
  version: number;
  changed_ms: number;
  changed_by: string;
  before: string | null;
  after: string;
}
