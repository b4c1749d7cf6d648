import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import sparkplugPayload from 'sparkplug-payload';
import { decodePayloadBytes } from './payloadDecoder.js';
import { ProtobufError } from './protobufReader.js';
import { COMPRESSED_UUID, type SparkplugPayload, type SparkplugValue } from './types.js';

export type * from './types.js';

/**
 * Sparkplug B payloads in and out. Encoding (the demo plant, the rebirth command) goes through
 * Eclipse Tahu's `sparkplug-payload`; decoding through our own reader (payloadDecoder.ts), which
 * hands back plain numbers. Compressed payloads (uuid `SPBV1.0_COMPRESSED`, body DEFLATE or
 * GZIP per the `algorithm` metric) are inflated here, with a hard cap on the output so that a
 * decompression bomb is refused before it is allocated.
 */

/** Largest payload accepted, compressed or not: a DBIRTH of thousands of metrics fits easily. */
export const MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;

export type DecodeFailure = 'sparkplug.undecodable' | 'sparkplug.too_large';

export class SparkplugDecodeError extends Error {
  constructor(
    readonly code: DecodeFailure,
    message: string,
  ) {
    super(message);
  }
}

/** What `encodeSparkplug` takes: Tahu's plain-object payload, values as plain JS values. */
export interface EncodableMetric {
  name?: string;
  alias?: number;
  type: string;
  value: SparkplugValue | Uint8Array | object;
  timestamp?: number;
  isHistorical?: boolean;
  isTransient?: boolean;
  properties?: Record<string, { type: string; value: SparkplugValue }>;
}

export interface EncodablePayload {
  timestamp?: number;
  seq?: number;
  uuid?: string;
  body?: Uint8Array;
  metrics: EncodableMetric[];
}

const codec = sparkplugPayload.get('spBv1.0');
if (!codec) throw new Error('sparkplug-payload does not know namespace spBv1.0');
const { encodePayload } = codec;

export function encodeSparkplug(payload: EncodablePayload): Uint8Array {
  return encodePayload(payload as Parameters<typeof encodePayload>[0]);
}

/** Decodes a payload, inflating a compressed one; throws SparkplugDecodeError on bad bytes. */
export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  const outer = decodeBounded(bytes);
  if (outer.uuid !== COMPRESSED_UUID) return outer;
  const inner = decodeBounded(inflate(outer));
  if (inner.uuid === COMPRESSED_UUID) {
    throw new SparkplugDecodeError('sparkplug.undecodable', 'a compressed payload inside a compressed one');
  }
  return inner;
}

function decodeBounded(bytes: Uint8Array): SparkplugPayload {
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    throw new SparkplugDecodeError(
      'sparkplug.too_large',
      `${bytes.length} bytes, more than the ${MAX_PAYLOAD_BYTES} accepted`,
    );
  }
  try {
    return decodePayloadBytes(bytes);
  } catch (error) {
    if (error instanceof ProtobufError)
      throw new SparkplugDecodeError('sparkplug.undecodable', error.message);
    throw error;
  }
}

function inflate(payload: SparkplugPayload): Uint8Array {
  const algorithm = payload.metrics.find((m) => m.name === 'algorithm')?.value;
  const name = typeof algorithm === 'string' ? algorithm.toUpperCase() : 'DEFLATE';
  const body = payload.body ?? new Uint8Array();
  // One byte past the cap tells "too large" apart from "exactly at the cap".
  const options = { maxOutputLength: MAX_PAYLOAD_BYTES + 1 };
  try {
    if (name === 'GZIP') return gunzipSync(body, options);
    if (name !== 'DEFLATE') {
      throw new SparkplugDecodeError('sparkplug.undecodable', `unknown compression ${name.slice(0, 20)}`);
    }
    // Tahu's JavaScript and Java clients both write zlib-wrapped DEFLATE; raw DEFLATE is read too.
    return hasZlibHeader(body) ? inflateSync(body, options) : inflateRawSync(body, options);
  } catch (error) {
    if (error instanceof SparkplugDecodeError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SparkplugDecodeError(
        'sparkplug.too_large',
        `${name} body inflates past the ${MAX_PAYLOAD_BYTES} bytes accepted`,
      );
    }
    throw new SparkplugDecodeError('sparkplug.undecodable', `${name} body: ${(error as Error).message}`);
  }
}

/** RFC 1950: method 8 (DEFLATE) in the low nibble, and the two header bytes a multiple of 31. */
function hasZlibHeader(body: Uint8Array): boolean {
  const cmf = body[0];
  const flg = body[1];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}
