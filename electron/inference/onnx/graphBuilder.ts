import type { Attribute, Dim, ElemType, Graph, Node, Tensor, ValueInfo } from './onnxModel.js';

/** Attribute constructors, so a node reads `{ axes: ints([1]), keepdims: int(0) }`. */
export const int = (value: number): Attribute => ({ kind: 'int', value });
export const float = (value: number): Attribute => ({ kind: 'float', value });
export const ints = (value: readonly number[]): Attribute => ({ kind: 'ints', value });
export const floats = (value: readonly number[]): Attribute => ({ kind: 'floats', value });
export const str = (value: string): Attribute => ({ kind: 'string', value });
export const graphAttr = (value: Graph): Attribute => ({ kind: 'graph', value });

/**
 * Builds an ONNX graph one node at a time: each `op` call adds a node and answers the name of
 * its output, so a graph reads like the computation it is. Constants become initializers.
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly initializers: Tensor[] = [];
  private counter = 0;

  constructor(private readonly name: string) {}

  input(name: string, type: ElemType, shape: readonly Dim[]): string {
    this.inputs.push({ name, type, shape });
    return name;
  }

  /** Declares `value` a graph output named `name` (an Identity node renames it when needed). */
  output(value: string, name: string, type: ElemType, shape: readonly Dim[]): void {
    if (value !== name) this.nodes.push({ op: 'Identity', inputs: [value], outputs: [name] });
    this.outputs.push({ name, type, shape });
  }

  constant(values: ArrayLike<number>, dims: readonly number[], type: ElemType = 'float32'): string {
    const name = `const_${this.counter++}`;
    this.initializers.push({ name, type, dims, values });
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.constant([value], []);
  }

  /** An int64 vector constant: axes, starts, ends, shapes. */
  int64s(values: readonly number[]): string {
    return this.constant(values, [values.length], 'int64');
  }

  op(op: string, inputs: readonly string[], attributes?: Record<string, Attribute>): string {
    const output = `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ op, inputs, outputs: [output], ...(attributes ? { attributes } : {}) });
    return output;
  }

  /** `x[..., start:end, ...]` along one axis. */
  slice(x: string, axis: number, start: number, end: number): string {
    return this.op('Slice', [x, this.int64s([start]), this.int64s([end]), this.int64s([axis])]);
  }

  build(doc?: string): Graph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      initializers: [...this.initializers],
      ...(doc ? { doc } : {}),
    };
  }
}
