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
): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    onBadRow(`${what} is not valid JSON; passed over it`);
    return null;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  onBadRow(`${what} does not parse (${describeZodError(parsed.error)}); passed over it`);
  return null;
}
