import { ProtobufError, ProtobufReader } from './protobufReader.js';
import {
  SPARKPLUG_TYPES,
  type SparkplugDataSet,
  type SparkplugMetric,
  type SparkplugPayload,
  type SparkplugProperty,
  type SparkplugTemplate,
  type SparkplugType,
  type SparkplugValue,
} from './types.js';

/**
 * A hand-written decoder for the Sparkplug B Payload protobuf (sparkplug_b.proto, Sparkplug 3.0).
 * The message has few, fixed fields, and a DDATA is mostly aliases, timestamps and doubles, so
 * reading them straight into plain objects is about twice as fast as protobufjs plus Tahu's
 * conversion (test/bench/sparkplugBench.ts measures both); round trips against Tahu's encoder
 * are checked by fast-check (test/unit/electron/connectivity/sparkplug/payloadDecoder.test.ts).
 *
 * Cases below are whole field keys (field number << 3 | wire type): a known field arriving with
 * another wire type is skipped like an unknown one instead of being misread. Template nesting is
 * bounded so hostile bytes cannot exhaust the stack.
 */
const MAX_DEPTH = 8;

export function decodePayloadBytes(bytes: Uint8Array): SparkplugPayload {
  const r = new ProtobufReader(bytes);
  const end = bytes.length;
  const payload: SparkplugPayload = { metrics: [] };
  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case 8: // timestamp
        r.varint64(end);
        payload.timestamp = r.unsigned();
        break;
      case 18: // metrics
        payload.metrics.push(readMetric(r, r.delimited(end), 0));
        break;
      case 24: // seq
        r.varint64(end);
        payload.seq = r.unsigned();
        break;
      case 34: // uuid
        payload.uuid = r.string(end);
        break;
      case 42: // body
        payload.body = r.bytesField(end);
        break;
      default:
        r.skip(key & 7, end);
    }
  }
  return payload;
}

function typeName(code: number): SparkplugType {
  return SPARKPLUG_TYPES[code] ?? 'Unknown';
}

function readMetric(r: ProtobufReader, end: number, depth: number): SparkplugMetric {
  const metric: SparkplugMetric = { type: 'Unknown', value: null, field: 'none' };
  // Integer fields are read as raw bits and interpreted once the datatype is known: protobuf
  // does not promise that `datatype` comes before the value.
  let lo = 0;
  let hi = 0;
  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case 10:
        metric.name = r.string(end);
        break;
      case 16:
        r.varint64(end);
        metric.alias = r.unsigned();
        break;
      case 24:
        r.varint64(end);
        metric.timestamp = r.unsigned();
        break;
      case 32:
        metric.type = typeName(r.varint32(end));
        break;
      case 40:
        metric.isHistorical = r.varint32(end) !== 0;
        break;
      case 48:
        metric.isTransient = r.varint32(end) !== 0;
        break;
      case 56:
        metric.isNull = r.varint32(end) !== 0;
        break;
      case 74:
        metric.properties = readPropertySet(r, r.delimited(end));
        break;
      case 80:
        lo = r.varint32(end);
        hi = 0;
        metric.field = 'int';
        break;
      case 88:
        r.varint64(end);
        lo = r.lo;
        hi = r.hi;
        metric.field = 'long';
        break;
      case 101:
        metric.value = r.float(end);
        metric.field = 'float';
        break;
      case 105:
        metric.value = r.double(end);
        metric.field = 'double';
        break;
      case 112:
        metric.value = r.varint32(end) !== 0;
        metric.field = 'boolean';
        break;
      case 122:
        metric.value = r.string(end);
        metric.field = 'string';
        break;
      case 130:
        r.bytesField(end);
        metric.field = 'bytes';
        break;
      case 138:
        metric.dataSet = readDataSet(r, r.delimited(end));
        metric.field = 'dataset';
        break;
      case 146:
        if (depth >= MAX_DEPTH) throw new ProtobufError('templates nested too deep');
        metric.template = readTemplate(r, r.delimited(end), depth + 1);
        metric.field = 'template';
        break;
      case 154:
        r.skip(2, end);
        metric.field = 'extension';
        break;
      default:
        r.skip(key & 7, end);
    }
  }
  if (metric.field === 'int' || metric.field === 'long') metric.value = integer(metric.type, lo, hi);
  if (metric.isNull) metric.value = null;
  return metric;
}

const TWO_32 = 4_294_967_296;

/**
 * An integer value read with a datatype: Int8/16/32 travel as the low 32 bits of their two's
 * complement, Int64 as all 64; UInt32 is re-masked (Tahu encodes it as a long, others as an int).
 */
export function integer(type: SparkplugType, lo: number, hi: number): number {
  switch (type) {
    case 'Int8':
    case 'Int16':
    case 'Int32':
      return lo | 0;
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
      return lo >>> 0;
    case 'Int64':
      return (hi | 0) * TWO_32 + lo;
    default:
      return hi * TWO_32 + lo;
  }
}

function readPropertySet(r: ProtobufReader, end: number): Record<string, SparkplugProperty> {
  const keys: string[] = [];
  const values: SparkplugProperty[] = [];
  while (r.pos < end) {
    const key = r.key(end);
    if (key === 10) keys.push(r.string(end));
    else if (key === 18) values.push(readPropertyValue(r, r.delimited(end)));
    else r.skip(key & 7, end);
  }
  const set: Record<string, SparkplugProperty> = {};
  // A key without a value (a malformed set) is left out rather than guessed.
  for (let i = 0; i < keys.length && i < values.length; i++) set[keys[i]!] = values[i]!;
  return set;
}

function readPropertyValue(r: ProtobufReader, end: number): SparkplugProperty {
  let type: SparkplugType = 'Unknown';
  let value: SparkplugValue = null;
  let isNull = false;
  let lo = -1;
  let hi = 0;
  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case 8:
        type = typeName(r.varint32(end));
        break;
      case 16:
        isNull = r.varint32(end) !== 0;
        break;
      case 24:
        lo = r.varint32(end);
        hi = 0;
        break;
      case 32:
        r.varint64(end);
        lo = r.lo;
        hi = r.hi;
        break;
      case 45:
        value = r.float(end);
        break;
      case 49:
        value = r.double(end);
        break;
      case 56:
        value = r.varint32(end) !== 0;
        break;
      case 66:
        value = r.string(end);
        break;
      default:
        // Nested property sets (9, 10) and extensions are not read: no property we use has one.
        r.skip(key & 7, end);
    }
  }
  if (lo >= 0) value = integer(type, lo, hi);
  return { type, value: isNull ? null : value };
}

function readTemplate(r: ProtobufReader, end: number, depth: number): SparkplugTemplate {
  const template: SparkplugTemplate = { isDefinition: false, metrics: [] };
  while (r.pos < end) {
    const key = r.key(end);
    if (key === 18) template.metrics.push(readMetric(r, r.delimited(end), depth));
    else if (key === 34) template.templateRef = r.string(end);
    else if (key === 40) template.isDefinition = r.varint32(end) !== 0;
    else r.skip(key & 7, end); // version, parameters
  }
  return template;
}

function readDataSet(r: ProtobufReader, end: number): SparkplugDataSet {
  const dataSet: SparkplugDataSet = { columns: [], types: [], rows: [] };
  const rows: Array<{ start: number; end: number }> = [];
  while (r.pos < end) {
    const key = r.key(end);
    if (key === 18) dataSet.columns.push(r.string(end));
    else if (key === 24) dataSet.types.push(typeName(r.varint32(end)));
    else if (key === 26) {
      const stop = r.delimited(end); // packed types
      while (r.pos < stop) dataSet.types.push(typeName(r.varint32(stop)));
    } else if (key === 34) {
      const stop = r.delimited(end);
      rows.push({ start: r.pos, end: stop });
      r.pos = stop;
    } else r.skip(key & 7, end); // num_of_columns: the columns themselves say
  }
  // Rows are read last, when the column types that say how to read their integers are known.
  const after = r.pos;
  for (const row of rows) {
    r.pos = row.start;
    dataSet.rows.push(readRow(r, row.end, dataSet.types));
  }
  r.pos = after;
  return dataSet;
}

function readRow(r: ProtobufReader, end: number, types: SparkplugType[]): SparkplugValue[] {
  const row: SparkplugValue[] = [];
  while (r.pos < end) {
    const key = r.key(end);
    if (key === 10) row.push(readDataSetValue(r, r.delimited(end), types[row.length] ?? 'Unknown'));
    else r.skip(key & 7, end);
  }
  return row;
}

function readDataSetValue(r: ProtobufReader, end: number, type: SparkplugType): SparkplugValue {
  let value: SparkplugValue = null;
  while (r.pos < end) {
    const key = r.key(end);
    switch (key) {
      case 8:
        value = integer(type, r.varint32(end), 0);
        break;
      case 16:
        r.varint64(end);
        value = integer(type, r.lo, r.hi);
        break;
      case 29:
        value = r.float(end);
        break;
      case 33:
        value = r.double(end);
        break;
      case 40:
        value = r.varint32(end) !== 0;
        break;
      case 50:
        value = r.string(end);
        break;
      default:
        r.skip(key & 7, end);
    }
  }
  return value;
}
