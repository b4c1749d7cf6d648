import sparkplugPayload from 'sparkplug-payload';

/**
 * A narrow, typed face on Eclipse Tahu's `sparkplug-payload`. The package is CommonJS; from ESM
 * its default import is `module.exports`, whose `get('spBv1.0')` returns the codec (or null for
 * an unknown namespace). Decoded 64-bit fields (timestamp, seq, alias, UInt64 values) arrive as
 * `Long` objects; they are turned into plain numbers here so nothing else has to know about Long.
 */

/** The datatypes the simulator sends (Sparkplug codes 3, 8, 10, 11, 12). */
export type SparkplugType = 'Int32' | 'UInt64' | 'Double' | 'Boolean' | 'String';

export interface SparkplugProperty {
  type: SparkplugType;
  value: number | boolean | string;
}

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  type: SparkplugType;
  value: number | boolean | string;
  timestamp?: number;
  properties?: Record<string, SparkplugProperty>;
}

export interface SparkplugPayload {
  timestamp: number;
  seq?: number;
  metrics: SparkplugMetric[];
}

/** A decoded value; complex types (DataSet, Template, Bytes) are not used here and read as null. */
export type DecodedValue = number | boolean | string | null;

export interface DecodedMetric {
  name?: string;
  alias?: number;
  type: string;
  value: DecodedValue;
  timestamp?: number;
  properties: Record<string, { type: string; value: DecodedValue }>;
}

export interface DecodedPayload {
  timestamp?: number;
  seq?: number;
  metrics: DecodedMetric[];
}

const codec = sparkplugPayload.get('spBv1.0');
if (!codec) throw new Error('sparkplug-payload does not know namespace spBv1.0');
const { encodePayload, decodePayload } = codec;

export function encodeSparkplug(payload: SparkplugPayload): Uint8Array {
  return encodePayload(payload);
}

/** Decodes a payload; throws on bytes that are not a Sparkplug B protobuf. */
export function decodeSparkplug(bytes: Uint8Array): DecodedPayload {
  const raw = decodePayload(bytes);
  const metrics = (raw.metrics ?? []).map((metric): DecodedMetric => {
    const properties: DecodedMetric['properties'] = {};
    for (const [key, property] of Object.entries(metric.properties ?? {})) {
      properties[key] = { type: property.type, value: plain(property.value) };
    }
    const name = metric.name ?? undefined;
    const alias = optionalNumber(metric.alias);
    const timestamp = optionalNumber(metric.timestamp);
    return {
      ...(name === undefined ? {} : { name }),
      ...(alias === undefined ? {} : { alias }),
      ...(timestamp === undefined ? {} : { timestamp }),
      type: metric.type,
      value: plain(metric.value),
      properties,
    };
  });
  const timestamp = optionalNumber(raw.timestamp);
  const seq = optionalNumber(raw.seq);
  return {
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(seq === undefined ? {} : { seq }),
    metrics,
  };
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

function plain(value: unknown): DecodedValue {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (isLong(value)) return value.toNumber();
  return null;
}
