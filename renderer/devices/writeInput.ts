import type { WriteValue } from '../../shared/commands.js';
import type { Tag } from '../../shared/domain.js';

export type ParsedInput = { ok: true; value: WriteValue } | { ok: false; error: string };

/**
 * What an engineer typed, as the value to write to a tag of this kind. The server checks it
 * again against the metric's datatype; this only catches what is plainly not a value at all.
 */
export function parseWriteInput(dataType: Tag['dataType'], text: string): ParsedInput {
  const trimmed = text.trim();
  if (dataType === 'string') return { ok: true, value: text };
  if (dataType === 'boolean') {
    if (trimmed === 'true' || trimmed === '1') return { ok: true, value: true };
    if (trimmed === 'false' || trimmed === '0') return { ok: true, value: false };
    return { ok: false, error: 'choose on (true) or off (false)' };
  }
  if (trimmed === '') return { ok: false, error: 'enter a value' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `${trimmed} is not a number` };
  if (dataType === 'enum' && !Number.isInteger(value))
    return { ok: false, error: 'choose one of the states' };
  return { ok: true, value };
}

/** A value as the confirmation shows it: true/false in words, texts quoted. */
export function describeWriteValue(value: WriteValue | null): string {
  if (value === null) return 'no value';
  if (typeof value === 'boolean') return value ? 'true (on)' : 'false (off)';
  if (typeof value === 'string') return `“${value}”`;
  return String(value);
}
