/**
 * Sparkplug B payloads as the host sees them once decoded: plain numbers (64-bit fields
 * normalised), the value field a metric arrived in, and its flags. Shapes follow the Sparkplug 3.0
 * protobuf (org.eclipse.tahu.protobuf.Payload); names follow Eclipse Tahu's `sparkplug-payload`,
 * which encodes them for the demo plant and the rebirth command.
 */

/** Datatype codes 1–21 (Sparkplug 3.0, "Datatypes"), by name. */
export const SPARKPLUG_TYPES = [
  'Unknown',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float',
  'Double',
  'Boolean',
  'String',
  'DateTime',
  'Text',
  'UUID',
  'DataSet',
  'Bytes',
  'File',
  'Template',
  'PropertySet',
  'PropertySetList',
] as const;

/** `Unknown` stands for a datatype that was absent (DATA may omit it) or that we do not read (arrays). */
export type SparkplugType = (typeof SPARKPLUG_TYPES)[number];
export type SparkplugValue = number | boolean | string | null;

/** Which protobuf value field a metric's value travelled in; `none` when it had none. */
export type ValueField =
  | 'none'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'string'
  | 'bytes'
  | 'dataset'
  | 'template'
  | 'extension';

export interface SparkplugProperty {
  type: SparkplugType;
  value: SparkplugValue;
}

export interface SparkplugDataSet {
  columns: string[];
  types: SparkplugType[];
  rows: SparkplugValue[][];
}

export interface SparkplugTemplate {
  isDefinition: boolean;
  templateRef?: string;
  metrics: SparkplugMetric[];
}

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  type: SparkplugType;
  /** Read with the metric's own datatype; the host re-reads it with the birth's (see metricValues.ts). */
  value: SparkplugValue;
  field?: ValueField;
  timestamp?: number;
  isNull?: boolean;
  isHistorical?: boolean;
  isTransient?: boolean;
  properties?: Record<string, SparkplugProperty>;
  dataSet?: SparkplugDataSet;
  template?: SparkplugTemplate;
}

export interface SparkplugPayload {
  timestamp?: number;
  seq?: number;
  uuid?: string;
  body?: Uint8Array;
  metrics: SparkplugMetric[];
}

export const COMPRESSED_UUID = 'SPBV1.0_COMPRESSED';

export const INTEGER_TYPES: ReadonlySet<SparkplugType> = new Set<SparkplugType>([
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
]);
