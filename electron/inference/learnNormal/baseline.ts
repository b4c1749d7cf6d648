import { GraphBuilder, int, ints } from '../onnx/graphBuilder.js';
import { encodeModel } from '../onnx/onnxModel.js';
import { fitPca } from './pca.js';

/** One tag's history as the worker receives it: a NaN value is no value. */
export interface SeriesColumns {
  ts: Float64Array;
  value: Float64Array;
  quality: Uint32Array;
}

export interface BaselineRequest {
  tags: string[];
  series: SeriesColumns[];
  from: number;
  to: number;
  stepMs: number;
  /** Share of variance the kept components explain (default 0.95). */
  variance: number;
  /** Most rows fitted; a longer period is sampled evenly. */
  maxRows: number;
}

export interface Baseline {
  model: Uint8Array;
  mean: number[];
  std: number[];
  components: number;
  explained: number;
  /** SPE at which the score output reads 1. */
  limit: number;
  rows: number;
}

/** Least rows a baseline is fitted on: fewer say little about what is normal. */
export const MIN_ROWS = 30;
/** The limit sits this far above the 99.9th percentile of the training rows' SPE. */
const MARGIN = 1.25;

/**
 * Learns a baseline of normal operation from history and makes it an ONNX model: the tags are
 * sampled together on a grid (the last value at or before each step, rows with a bad or
 * missing value left out), fitted by PCA (pca.ts), and exported as a graph that takes one
 * standardised row — the binding's mean/std normalisation — and answers `spe` and `score`
 * (SPE over its limit: 1 at the edge of normal). Runs in the inference process.
 */
export function learnBaseline(request: BaselineRequest): Baseline | { problem: string } {
  const { series, from, to, stepMs } = request;
  const n = series.length;
  const steps = Math.floor((to - from) / stepMs) + 1;
  const stride = Math.max(1, Math.ceil(steps / request.maxRows));
  const rows = new Float64Array(Math.ceil(steps / stride) * n);
  const cursor = new Array<number>(n).fill(-1);
  let count = 0;
  for (let s = 0; s < steps; s += stride) {
    const t = from + s * stepMs;
    let usable = true;
    for (let c = 0; c < n; c++) {
      const column = series[c]!;
      let i = cursor[c]!;
      while (i + 1 < column.ts.length && column.ts[i + 1]! <= t) i++;
      cursor[c] = i;
      const value = i >= 0 ? column.value[i]! : Number.NaN;
      if (!Number.isFinite(value) || (i >= 0 && column.quality[i]! >>> 30 !== 0)) usable = false;
      else rows[count * n + c] = value;
    }
    if (usable) count++;
  }
  if (count < MIN_ROWS)
    return {
      problem: `only ${count} moments in the period have a good value of every tag; a baseline needs at least ${MIN_ROWS}`,
    };
  const fit = fitPca(rows, count, n, request.variance);
  const sorted = Array.from(fit.spe).sort((a, b) => a - b);
  const limit = Math.max(1e-3, MARGIN * sorted[Math.min(count - 1, Math.floor(0.999 * count))]!);
  const model = baselineModel(n, fit.components, limit, request.tags);
  return {
    model,
    mean: fit.mean,
    std: fit.std,
    components: fit.components.length,
    explained: fit.explained,
    limit,
    rows: count,
  };
}

function baselineModel(n: number, components: number[][], limit: number, tags: string[]): Uint8Array {
  const k = components.length;
  const g = new GraphBuilder('baseline');
  const x = g.input('features', 'float32', ['N', n]);
  // P is n × k, its columns the kept components.
  const p = g.constant(
    Array.from({ length: n * k }, (_, i) => components[i % k]![Math.floor(i / k)]!),
    [n, k],
  );
  const pT = g.op('Transpose', [p]);
  const reconstructed = g.op('MatMul', [g.op('MatMul', [x, p]), pT]);
  const residual = g.op('Sub', [x, reconstructed]);
  const spe = g.op('ReduceSumSquare', [residual], { axes: ints([1]), keepdims: int(1) });
  g.output(spe, 'spe', 'float32', ['N', 1]);
  g.output(g.op('Div', [spe, g.scalar(limit)]), 'score', 'float32', ['N', 1]);
  return encodeModel({
    graph: g.build(),
    opset: 17,
    producer: 'watchkeeper learn normal',
    doc: `PCA baseline of ${tags.join(', ')}: ${k} of ${n} components; score = SPE / ${limit.toPrecision(4)}.`,
    metadata: { tags: tags.join(','), limit: String(limit) },
  });
}
