import { z } from 'zod';
import { EnumStateSchema, MAX_STATES, type EnumState, type TagDataType } from '../../shared/domain.js';
import type { StoredTag } from './types.js';

/** A row of the `tags` table as SQLite hands it back. */
export interface TagRow {
  key: number;
  id: string;
  device: string;
  name: string;
  description: string;
  unit: string;
  data_type: TagDataType;
  eng_low: number | null;
  eng_high: number | null;
  /** An enum tag's state table as JSON (migration 0006), NULL for other tags. */
  states: string | null;
}

export const UPSERT_TAG_SQL = `
  INSERT INTO tags (key, id, device, name, description, unit, data_type, eng_low, eng_high, states, created_ms)
  VALUES (@key, @id, @device, @name, @description, @unit, @dataType, @engLow, @engHigh, @states, @createdMs)
  ON CONFLICT (key) DO UPDATE SET device = excluded.device, name = excluded.name,
    description = excluded.description, unit = excluded.unit, data_type = excluded.data_type,
    eng_low = excluded.eng_low, eng_high = excluded.eng_high, states = excluded.states`;

/** The named parameters of UPSERT_TAG_SQL for a tag (alarm limits are not stored). */
export function tagParams(tag: StoredTag, createdMs: number): Record<string, unknown> {
  const { key, id, device, name, description, unit, dataType, engLow, engHigh, states } = tag;
  return {
    ...{ key, id, device, name, description, unit, dataType, engLow, engHigh, createdMs },
    states: states === undefined ? null : JSON.stringify(states),
  };
}

export function tagFromRow(row: TagRow): StoredTag {
  const states = statesFromColumn(row.states);
  return {
    key: row.key,
    id: row.id,
    device: row.device,
    name: row.name,
    description: row.description,
    unit: row.unit,
    dataType: row.data_type,
    engLow: row.eng_low,
    engHigh: row.eng_high,
    ...(states ? { states } : {}),
  };
}

const StoredStatesSchema = z.array(EnumStateSchema).max(MAX_STATES);

/** The stored table read back; a column that does not parse (a hand-edited file) counts as none. */
function statesFromColumn(column: string | null): EnumState[] | undefined {
  if (column === null) return undefined;
  try {
    const parsed = StoredStatesSchema.safeParse(JSON.parse(column));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
