import type { QualityTarget, TimestampFormat } from '../../../shared/jsonMapping.js';
import { Quality, qualityFromDa } from '../../../shared/quality.js';

/**
 * How a payload's time and quality fields are read. These are the shipped mapping's rules
 * (issue #1), kept as they were and extended by a rule's stated format and quality table.
 */

const EPOCH_SECONDS_LIMIT = 1e11; // in `auto`, numbers below this are seconds, above are milliseconds
const MAX_TIME_TEXT = 64;

/** Epoch ms, undefined when the field is absent, or null when it is there but unreadable. */
export function readTimestamp(raw: unknown, format: TimestampFormat): number | undefined | null {
  if (raw === undefined) return undefined;
  let ms: number;
  if (typeof raw === 'string') {
    if (raw.length > MAX_TIME_TEXT) return null;
    if (format === 'auto' || format === 'iso') ms = Date.parse(raw);
    else ms = raw.trim() === '' ? NaN : Number(raw) * (format === 'epoch_s' ? 1000 : 1);
  } else if (typeof raw === 'number') {
    if (format === 'iso') return null;
    const seconds = format === 'epoch_s' || (format === 'auto' && raw < EPOCH_SECONDS_LIMIT);
    ms = seconds ? raw * 1000 : raw;
  } else return null;
  return Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15 ? Math.round(ms) : null;
}

const WORDS: Record<string, number> = {
  good: Quality.Good,
  uncertain: Quality.Uncertain,
  bad: Quality.BadSensorFailure,
  stale: Quality.UncertainNoCommunicationLastUsableValue,
};

/**
 * A stated quality as a StatusCode: through the rule's table first, then the words good,
 * uncertain, bad and stale, then OPC DA's 8-bit numbers (what Sparkplug's Quality uses).
 * Undefined when absent (good), null when it is something else.
 */
export function readQuality(
  raw: unknown,
  table: ReadonlyMap<string, QualityTarget> | undefined,
): number | undefined | null {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const mapped = table?.get(String(raw));
  if (mapped !== undefined) return typeof mapped === 'number' ? mapped : WORDS[mapped]!;
  if (typeof raw === 'string') return Object.hasOwn(WORDS, raw) ? WORDS[raw]! : null;
  return Number.isInteger(raw) ? qualityFromDa(raw) : null;
}

/** A null value is never good: with no stated quality it is plain Bad. */
export function sampleQuality(stated: number | undefined, value: number | string | null): number {
  const quality = stated ?? Quality.Good;
  return value === null && quality === Quality.Good ? Quality.Bad : quality;
}
