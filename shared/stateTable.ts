import { EnumStateSchema, MAX_STATES, type EnumState } from './domain.js';

/**
 * The text form of an enum tag's state table, as devices send it (a Sparkplug `states` property
 * or a JSON `states` field): `0=Stopped;1=Running;2=Tripped`. Entries are `integer=label`,
 * separated by `;`; spaces around either side are ignored. Neither Sparkplug B nor plain JSON
 * names such a field, so this syntax is Watchkeeper's; the README documents it for device builders.
 */
export const MAX_STATE_TABLE_CHARS = 4096;

export interface ParsedStateTable {
  /** The valid states in value order; a value named twice keeps its first label. */
  states: EnumState[];
  /** Entries that could not be read, as sent (cut to 40 characters), for the error log. */
  invalid: string[];
}

export function parseStateTable(text: string): ParsedStateTable {
  const states = new Map<number, EnumState>();
  const invalid: string[] = [];
  if (text.length > MAX_STATE_TABLE_CHARS) return { states: [], invalid: [text.slice(0, 40)] };
  for (const entry of text.split(';')) {
    if (entry.trim() === '') continue;
    const match = /^\s*(-?\d{1,10})\s*=\s*(.*?)\s*$/.exec(entry);
    const state = match ? EnumStateSchema.safeParse({ value: Number(match[1]), label: match[2] }) : null;
    if (!state?.success || states.size >= MAX_STATES) {
      invalid.push(entry.trim().slice(0, 40));
      continue;
    }
    if (!states.has(state.data.value)) states.set(state.data.value, state.data);
  }
  return { states: [...states.values()].sort((a, b) => a.value - b.value), invalid };
}

export function formatStateTable(states: readonly EnumState[]): string {
  return states.map((state) => `${state.value}=${state.label}`).join(';');
}
