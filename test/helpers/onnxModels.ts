import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphBuilder, graphAttr, int, ints } from '../../electron/inference/onnx/graphBuilder.js';
import { encodeModel } from '../../electron/inference/onnx/onnxModel.js';

/**
 * Small real ONNX models for tests, built with the app's own encoder and loaded by the real
 * onnxruntime: a window averager, a classifier with a fixed batch of one, a model that answers
 * NaN and Infinity, and one that takes seconds per run.
 */

export function writeModel(dir: string, file: string, bytes: Uint8Array): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, bytes);
  return path;
}

/** `window` [N, steps, features] → `mean` [N, features] and `last` [N, features], each × `gain`. */
export function meanModel(steps: number, features: number, gain = 1): Uint8Array {
  const g = new GraphBuilder('mean');
  const x = g.input('window', 'float32', ['N', steps, features]);
  const mean = g.op('ReduceMean', [x], { axes: ints([1]), keepdims: int(0) });
  g.output(g.op('Mul', [mean, g.scalar(gain)]), 'mean', 'float32', ['N', features]);
  const last = g.op('Squeeze', [g.slice(x, 1, steps - 1, steps), g.int64s([1])]);
  g.output(g.op('Mul', [last, g.scalar(gain)]), 'last', 'float32', ['N', features]);
  return encodeModel({ graph: g.build(), opset: 17 });
}

/** A user's classifier: `features` [1, n] → `probabilities` [1, 2] (softmax of ±the sum). */
export function classifierModel(n: number): Uint8Array {
  const g = new GraphBuilder('classifier');
  const x = g.input('features', 'float32', [1, n]);
  const sum = g.op('ReduceSum', [x, g.int64s([1])], { keepdims: int(1) });
  const logits = g.op('Concat', [g.op('Neg', [sum]), sum], { axis: int(1) });
  g.output(g.op('Softmax', [logits], { axis: int(1) }), 'probabilities', 'float32', [1, 2]);
  return encodeModel({ graph: g.build(), opset: 17 });
}

/** `x` [N, 1] → `y` [N, 1] = 1 / x: Infinity for 0, NaN for NaN. */
export function reciprocalModel(): Uint8Array {
  const g = new GraphBuilder('reciprocal');
  const x = g.input('x', 'float32', ['N', 1]);
  g.output(g.op('Reciprocal', [x]), 'y', 'float32', ['N', 1]);
  return encodeModel({ graph: g.build(), opset: 17 });
}

/**
 * `x` [N, 1] → `y` [N, 1], after max(x) × `iterations` 64×64 matrix products: a window of zeros
 * (the warm-up) runs at once, a window of ones takes seconds on these machines. The loop depends
 * on the input, so nothing can be folded away at load.
 */
export function slowModel(iterations: number): Uint8Array {
  const body = new GraphBuilder('body');
  body.input('i', 'int64', []);
  const condIn = body.input('cond_in', 'bool', []);
  const vIn = body.input('v_in', 'float32', [64, 64]);
  const weights = Array.from({ length: 64 * 64 }, (_, k) => ((k % 7) - 3) / 64);
  const product = body.op('MatMul', [vIn, body.constant(weights, [64, 64])]);
  body.output(body.op('Identity', [condIn]), 'cond_out', 'bool', []);
  body.output(body.op('Tanh', [product]), 'v_out', 'float32', [64, 64]);

  const g = new GraphBuilder('slow');
  const x = g.input('x', 'float32', ['N', 1]);
  const seed = g.op('ReduceMean', [x], { keepdims: int(0) });
  const start = g.op('Add', [g.constant(new Array(64 * 64).fill(0.01), [64, 64]), seed]);
  const scaled = g.op('Mul', [g.op('ReduceMax', [x], { keepdims: int(0) }), g.scalar(iterations)]);
  const trips = g.op('Cast', [scaled], { to: int(7) });
  const cond = g.constant([1], [], 'bool');
  const looped = g.op('Loop', [trips, cond, start], { body: graphAttr(body.build()) });
  const total = g.op('ReduceSum', [looped], { keepdims: int(0) });
  g.output(g.op('Add', [g.op('Mul', [x, g.scalar(0)]), total]), 'y', 'float32', ['N', 1]);
  return encodeModel({ graph: g.build(), opset: 17 });
}
