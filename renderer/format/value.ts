import { stateLabel, type Tag } from '../../shared/domain.js';

export type ValueSubject = Pick<Tag, 'value' | 'dataType' | 'engLow' | 'engHigh' | 'states' | 'decimals'>;

const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

/**
 * Decimals that show a value to about a thousandth of its engineering span (0–100 °C → one
 * decimal), or to three significant digits when the span is unknown.
 */
export function decimalsFor(subject: Pick<Tag, 'engLow' | 'engHigh'>, value: number): number {
  const { engLow, engHigh } = subject;
  if (engLow !== null && engHigh !== null && engHigh > engLow) {
    return clamp(3 - Math.floor(Math.log10(engHigh - engLow)), 0, 4);
  }
  const magnitude = Math.abs(value);
  if (magnitude === 0) return 1;
  return clamp(2 - Math.floor(Math.log10(magnitude)), 0, 4);
}

/** A number at a fixed precision, without a minus sign on a value that rounds to zero. */
export function formatNumber(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return '—';
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * The value as an operator reads it, at the decimals an engineer set or else those its range
 * suggests: `57.3`, `ON`, an enum's state (`Running`, or `State 7` when
 * its table does not name it), a string tag's text, or `—` when nothing usable is known.
 */
export function formatValue(subject: ValueSubject): string {
  const { value } = subject;
  if (value === null) return '—';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (subject.dataType === 'boolean') return value !== 0 ? 'ON' : 'OFF';
  if (subject.dataType === 'enum')
    return stateLabel(subject.states, value) ?? `State ${formatNumber(value, 0)}`;
  return formatNumber(value, subject.decimals ?? decimalsFor(subject, value));
}

/** `0 – 100 bar`, or an empty string when the range is not known. */
export function formatRange(subject: Pick<Tag, 'engLow' | 'engHigh' | 'unit'>): string {
  const { engLow, engHigh, unit } = subject;
  if (engLow === null || engHigh === null) return '';
  return `${engLow} – ${engHigh}${unit ? ` ${unit}` : ''}`;
}
