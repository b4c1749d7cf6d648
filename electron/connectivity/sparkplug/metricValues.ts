import { Quality, qualityFromDa } from '../../../shared/quality.js';
import type { DecodedSample, DecodedText } from '../ingestEvents.js';
import { INTEGER_TYPES, type SparkplugMetric, type SparkplugType, type ValueField } from './types.js';

/**
 * A metric's value read with the datatype its birth gave (Sparkplug 3.0: datatypes come from the
 * birth, not from DATA). A value in a field that does not fit that datatype is BadTypeMismatch
 * and counted, never coerced; a metric flagged is_null, or with no value at all, is a null with a
 * bad quality, never a 0. Within a family the field is not held against the device: an integer may
 * arrive as int or long (implementations disagree on UInt32), a Float or Double as either.
 */
export const NUMERIC_TYPES: ReadonlySet<SparkplugType> = new Set<SparkplugType>([
  ...INTEGER_TYPES,
  'Float',
  'Double',
  'Boolean',
]);
/** Metrics that become string tags, stored as events; a DataSet is shown as a JSON summary. */
export const TEXT_TYPES: ReadonlySet<SparkplugType> = new Set<SparkplugType>([
  'String',
  'Text',
  'UUID',
  'DataSet',
]);

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

export type RecordError = (cause: string, detail: string) => void;

export function readSample(
  tag: string,
  type: SparkplugType,
  metric: SparkplugMetric,
  ts: number,
  record: RecordError,
): DecodedSample {
  const given = givenQuality(metric);
  const sample: DecodedSample = { tag, ts, value: null, quality: given };
  if (metric.isTransient) sample.transient = true;
  if (metric.isNull) {
    sample.quality = given >>> 30 === 0 ? Quality.Bad : given;
    return sample;
  }
  const field = metric.field ?? fieldOf(metric);
  if (field === 'none') {
    record('sparkplug.missing_value', `${tag}: a ${type} metric without a value`);
    sample.quality = Quality.Bad;
    return sample;
  }
  if (!fits(type, field)) {
    record('sparkplug.value_not_number', `${tag}: ${describe(metric, field)} for a ${type} metric`);
    sample.quality = Quality.BadTypeMismatch;
    return sample;
  }
  const value = asType(type, metric.value);
  if (Number.isFinite(value)) sample.value = value;
  else sample.quality = Quality.BadOutOfRange;
  return sample;
}

export function readText(
  tag: string,
  type: SparkplugType,
  metric: SparkplugMetric,
  ts: number,
  record: RecordError,
): DecodedText {
  const given = givenQuality(metric);
  const text: DecodedText = { tag, ts, text: null, quality: given };
  if (metric.isTransient) text.transient = true;
  const field = metric.field ?? fieldOf(metric);
  if (metric.isNull || field === 'none') {
    text.quality = given >>> 30 === 0 ? Quality.Bad : given;
    return text;
  }
  if (type === 'DataSet' && field === 'dataset' && metric.dataSet) {
    text.text = dataSetSummary(metric.dataSet);
    return text;
  }
  if (type !== 'DataSet' && field === 'string' && typeof metric.value === 'string') {
    text.text = metric.value;
    return text;
  }
  record('sparkplug.value_not_text', `${tag}: ${describe(metric, field)} for a ${type} metric`);
  text.quality = Quality.BadTypeMismatch;
  return text;
}

function givenQuality(metric: SparkplugMetric): number {
  const da = metric.properties?.Quality?.value;
  return typeof da === 'number' ? qualityFromDa(da) : Quality.Good;
}

/** Metrics built by hand (tests, the simulator) carry no `field`: it follows from the value. */
function fieldOf(metric: SparkplugMetric): ValueField {
  switch (typeof metric.value) {
    case 'number':
      return metric.type === 'Float' || metric.type === 'Double' ? 'double' : 'long';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return metric.dataSet ? 'dataset' : metric.template ? 'template' : 'none';
  }
}

function fits(type: SparkplugType, field: ValueField): boolean {
  if (INTEGER_TYPES.has(type)) return field === 'int' || field === 'long';
  if (type === 'Float' || type === 'Double') return field === 'float' || field === 'double';
  return type === 'Boolean' && field === 'boolean';
}

/** Re-reads an integer decoded with another (or no) datatype with the birth's. */
function asType(type: SparkplugType, value: SparkplugMetric['value']): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'number') return NaN;
  switch (type) {
    case 'Int8':
    case 'Int16':
    case 'Int32':
      return value | 0;
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
      return value >>> 0;
    case 'Int64':
      return value >= TWO_63 ? value - TWO_64 : value;
    case 'UInt64':
      return value < 0 ? value + TWO_64 : value;
    default:
      return value;
  }
}

function describe(metric: SparkplugMetric, field: ValueField): string {
  const shown = typeof metric.value === 'string' ? JSON.stringify(metric.value.slice(0, 40)) : metric.value;
  return `a ${field} value${shown === null ? '' : ` (${String(shown)})`}`;
}

/** Longest DataSet summary; the rows that do not fit are counted in `rows` but left out. */
const SUMMARY_LIMIT = 1000;

/**
 * A DataSet as a string tag: `{"columns":["batch:String","kg:Double"],"rows":12,"data":[…]}`,
 * holding as many leading rows as fit in about 1,000 characters. Operators see what a table holds
 * at a glance; it is not a table store.
 */
export function dataSetSummary(dataSet: NonNullable<SparkplugMetric['dataSet']>): string {
  const columns = dataSet.columns.map((name, i) => `${name}:${dataSet.types[i] ?? 'Unknown'}`);
  const head = `{"columns":${JSON.stringify(columns)},"rows":${dataSet.rows.length},"data":[`;
  let body = '';
  for (const row of dataSet.rows) {
    const cell = JSON.stringify(row);
    if (head.length + body.length + cell.length + 3 > SUMMARY_LIMIT) break;
    body += body ? `,${cell}` : cell;
  }
  return `${head}${body}]}`;
}
