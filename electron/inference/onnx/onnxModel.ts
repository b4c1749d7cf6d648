import { ProtoWriter } from './protoWriter.js';

/**
 * ONNX models as plain values, encoded to the ModelProto bytes that onnxruntime loads. Field
 * numbers follow onnx/onnx.proto (IR version 8); only what our graphs use is written: nodes with
 * attributes, initializers, typed inputs and outputs with (possibly symbolic) shapes, opsets and
 * metadata. Written here rather than taken from a protobuf package so that the shipped models,
 * "learn normal" and the tests all build real files with no dependency beyond this folder.
 */

export type ElemType = 'float32' | 'float64' | 'int32' | 'int64' | 'bool';
/** A dimension: a size, or a name for one the caller chooses (a batch of any size: 'N'). */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  type: ElemType;
  shape: readonly Dim[];
}

export interface Tensor {
  name: string;
  type: ElemType;
  dims: readonly number[];
  values: ArrayLike<number>;
}

export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: Tensor }
  | { kind: 'graph'; value: Graph };

export interface Node {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Readonly<Record<string, Attribute>>;
}

export interface Graph {
  name: string;
  nodes: readonly Node[];
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  initializers: readonly Tensor[];
  doc?: string;
}

export interface Model {
  graph: Graph;
  /** The default domain's opset; 17 keeps ReduceMean/Max/Min's `axes` an attribute. */
  opset: number;
  producer?: string;
  doc?: string;
  metadata?: Readonly<Record<string, string>>;
}

const ELEM_CODE: Record<ElemType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };
const ATTR_CODE: Record<Attribute['kind'], number> = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  graph: 5,
  floats: 6,
  ints: 7,
};

export function encodeModel(model: Model): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, model.producer ?? 'watchkeeper');
  w.string(3, '1');
  if (model.doc) w.string(6, model.doc);
  w.message(7, (g) => writeGraph(g, model.graph));
  w.message(8, (o) => o.string(1, '').int(2, model.opset)); // opset_import
  for (const [key, value] of Object.entries(model.metadata ?? {}))
    w.message(14, (m) => m.string(1, key).string(2, value));
  return w.finish();
}

function writeGraph(w: ProtoWriter, graph: Graph): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor));
  if (graph.doc) w.string(10, graph.doc);
  for (const input of graph.inputs) w.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValueInfo(v, output));
}

function writeNode(w: ProtoWriter, node: Node): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name ?? node.outputs[0] ?? node.op);
  w.string(4, node.op);
  for (const [name, attribute] of Object.entries(node.attributes ?? {}))
    w.message(5, (a) => writeAttribute(a, name, attribute));
}

function writeAttribute(w: ProtoWriter, name: string, attribute: Attribute): void {
  w.string(1, name);
  w.int(20, ATTR_CODE[attribute.kind]);
  switch (attribute.kind) {
    case 'float':
      w.float(2, attribute.value);
      return;
    case 'int':
      w.int(3, attribute.value);
      return;
    case 'string':
      w.string(4, attribute.value);
      return;
    case 'tensor':
      w.message(5, (t) => writeTensor(t, attribute.value));
      return;
    case 'graph':
      w.message(6, (g) => writeGraph(g, attribute.value));
      return;
    case 'floats':
      w.packedFloats(7, attribute.value);
      return;
    case 'ints':
      w.packedInts(8, attribute.value);
      return;
  }
}

function writeTensor(w: ProtoWriter, tensor: Tensor): void {
  w.packedInts(1, tensor.dims);
  w.int(2, ELEM_CODE[tensor.type]);
  w.string(8, tensor.name);
  w.bytes(9, rawData(tensor)); // raw_data, little-endian as ONNX requires
}

function rawData(tensor: Tensor): Uint8Array {
  const count = tensor.dims.reduce((product, dim) => product * dim, 1);
  if (tensor.values.length !== count)
    throw new RangeError(`tensor ${tensor.name}: ${tensor.values.length} values for dims [${tensor.dims}]`);
  const width = tensor.type === 'float64' || tensor.type === 'int64' ? 8 : tensor.type === 'bool' ? 1 : 4;
  const bytes = new Uint8Array(count * width);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    const value = tensor.values[i]!;
    if (tensor.type === 'float32') view.setFloat32(i * 4, value, true);
    else if (tensor.type === 'float64') view.setFloat64(i * 8, value, true);
    else if (tensor.type === 'int32') view.setInt32(i * 4, value, true);
    else if (tensor.type === 'int64') view.setBigInt64(i * 8, BigInt(value), true);
    else view.setUint8(i, value ? 1 : 0);
  }
  return bytes;
}

function writeValueInfo(w: ProtoWriter, info: ValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ELEM_CODE[info.type]);
      tensor.message(2, (shape) => {
        for (const dim of info.shape)
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
      });
    }),
  );
}
