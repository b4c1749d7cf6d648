import sparkplugPayload from 'sparkplug-payload';
import type { TypeStr } from 'sparkplug-payload/lib/sparkplugbpayload.js';

/**
 * Sparkplug B payloads through Eclipse Tahu's `sparkplug-payload` (protobufjs), for the host and
 * the demo plant alike. Decoding normalises what protobufjs hands back: 64-bit fields arrive as
 * `Long` objects and UInt32 values above 2^31 as negatives (../shared/reference/sparkplug-host.md);
 * here they become plain numbers, so nothing else has to know. DataSet, Template and Bytes values
 * decode as null: they are not chartable values.
 */
export type SparkplugType = TypeStr;
export type SparkplugValue = number | boolean | string | null;

export interface SparkplugProperty {
  type: SparkplugType;
  value: SparkplugValue;
}

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  type: SparkplugType;
  value: SparkplugValue;
  timestamp?: number;
  isNull?: boolean;
  properties?: Record<string, SparkplugProperty>;
}

export interface SparkplugPayload {
  timestamp?: number;
  seq?: number;
  metrics: SparkplugMetric[];
}

const codec = sparkplugPayload.get('spBv1.0');
if (!codec) throw new Error('sparkplug-payload does not know namespace spBv1.0');
const { encodePayload, decodePayload } = codec;

export function encodeSparkplug(payload: SparkplugPayload): Uint8Array {
  return encodePayload(payload as Parameters<typeof encodePayload>[0]);
}

/** Decodes a payload; throws on bytes that are not a Sparkplug B protobuf. */
export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  const raw = decodePayload(bytes);
  const metrics = (raw.metrics ?? []).map((metric): SparkplugMetric => {
    const out: SparkplugMetric = { type: metric.type, value: plain(metric.value, metric.type) };
    if (metric.name !== undefined && metric.name !== null) out.name = metric.name;
    const alias = optionalNumber(metric.alias);
    if (alias !== undefined) out.alias = alias;
    const timestamp = optionalNumber(metric.timestamp);
    if (timestamp !== undefined) out.timestamp = timestamp;
    if (metric.isNull) out.isNull = true;
    out.properties = {};
    for (const [key, property] of Object.entries(metric.properties ?? {})) {
      out.properties[key] = { type: property.type, value: plain(property.value, property.type) };
    }
    return out;
  });
  const payload: SparkplugPayload = { metrics };
  const timestamp = optionalNumber(raw.timestamp);
  if (timestamp !== undefined) payload.timestamp = timestamp;
  const seq = optionalNumber(raw.seq);
  if (seq !== undefined) payload.seq = seq;
  return payload;
}

interface LongLike {
  toNumber(): number;
}

function isLong(value: unknown): value is LongLike {
  return (
    typeof value === 'object' && value !== null && typeof (value as Partial<LongLike>).toNumber === 'function'
  );
}

function optionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (isLong(value)) return value.toNumber();
  return undefined;
}

function plain(value: unknown, type: SparkplugType): SparkplugValue {
  if (typeof value === 'number') return type === 'UInt32' ? value >>> 0 : value;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (isLong(value)) return value.toNumber();
  return null;
}
