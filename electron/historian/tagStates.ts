import { z } from 'zod';
import { EnumStateSchema, MAX_STATES, type EnumState } from '../../shared/domain.js';

/** An enum tag's state table as `tags.states` keeps it: JSON, or NULL for other tags. */
export function statesColumn(states: readonly EnumState[] | undefined): string | null {
  return states === undefined ? null : JSON.stringify(states);
}

const StoredStatesSchema = z.array(EnumStateSchema).max(MAX_STATES);

/** The stored table read back; a column that does not parse (a hand-edited file) counts as none. */
export function statesFromColumn(column: string | null): EnumState[] | undefined {
  if (column === null) return undefined;
  try {
    const parsed = StoredStatesSchema.safeParse(JSON.parse(column));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
