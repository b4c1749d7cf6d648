import { createRequire } from 'node:module';
import type * as SparkplugB from 'sparkplug-payload/lib/sparkplugbpayload.js';

/**
 * Sparkplug B payload encoding via Eclipse Tahu's `sparkplug-payload` (protobufjs). Decoded
 * 64-bit fields may arrive as `Long` objects and UInt32 values above 2^31 as negatives; the
 * helpers below normalise both (see ../shared/reference/sparkplug-host.md).
 */
export type SparkplugPayload = SparkplugB.UPayload;
export type SparkplugMetric = SparkplugB.UMetric;

const require = createRequire(import.meta.url);
const codec = (require('sparkplug-payload') as typeof import('sparkplug-payload')).get('spBv1.0')!;

export function encodeSparkplug(payload: SparkplugPayload): Uint8Array {
  return codec.encodePayload(payload);
}

export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  return codec.decodePayload(bytes);
}

interface LongLike {
  toNumber(): number;
}

function isLong(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && typeof (value as LongLike).toNumber === 'function';
}

/** A protobuf integer field (number, Long or absent) as a plain number, or null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (isLong(value)) return value.toNumber();
  return null;
}

/**
 * A metric value as a chartable number: booleans become 0/1, 64-bit integers plain numbers,
 * UInt32 re-masked. Strings, bytes, datasets and templates are not numeric: null.
 */
export function numericMetricValue(metric: SparkplugMetric): number | null {
  const { value, type } = metric;
  if (metric.isNull || value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (type === 'UInt32' && typeof value === 'number') return value >>> 0;
  return toNumber(value);
}
