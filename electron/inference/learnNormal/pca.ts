/**
 * Principal component analysis for "learn normal": standardise each column, take the
 * eigenvectors of the correlation matrix (cyclic Jacobi rotations — exact and plenty fast for the
 * few dozen tags a baseline covers), and keep the components that explain the requested share of
 * variance. A new row's squared prediction error (SPE, the Q statistic of MacGregor & Kourti,
 * 1995) — what the kept components cannot explain — measures how far it is from normal.
 */

export interface PcaFit {
  mean: number[];
  std: number[];
  /** Kept components, each a unit vector over the standardised columns (row-major, k × n). */
  components: number[][];
  /** Share of the standardised variance the kept components explain. */
  explained: number;
  /** SPE of every training row. */
  spe: Float64Array;
}

/** Below this a column is treated as constant: its standard deviation is taken as 1. */
const MIN_STD = 1e-9;

export function fitPca(
  rows: Float64Array,
  count: number,
  columns: number,
  variance: number,
  maxComponents?: number,
): PcaFit {
  const mean = new Array<number>(columns).fill(0);
  const std = new Array<number>(columns).fill(0);
  for (let r = 0; r < count; r++) for (let c = 0; c < columns; c++) mean[c]! += rows[r * columns + c]!;
  for (let c = 0; c < columns; c++) mean[c]! /= count;
  for (let r = 0; r < count; r++)
    for (let c = 0; c < columns; c++) std[c]! += (rows[r * columns + c]! - mean[c]!) ** 2;
  for (let c = 0; c < columns; c++) {
    const s = Math.sqrt(std[c]! / Math.max(1, count - 1));
    std[c] = s > MIN_STD ? s : 1;
  }
  const z = new Float64Array(count * columns);
  for (let r = 0; r < count; r++)
    for (let c = 0; c < columns; c++) z[r * columns + c] = (rows[r * columns + c]! - mean[c]!) / std[c]!;
  const covariance = Array.from({ length: columns }, () => new Array<number>(columns).fill(0));
  for (let r = 0; r < count; r++)
    for (let i = 0; i < columns; i++)
      for (let j = i; j < columns; j++) covariance[i]![j]! += z[r * columns + i]! * z[r * columns + j]!;
  for (let i = 0; i < columns; i++)
    for (let j = i; j < columns; j++) {
      covariance[i]![j]! /= Math.max(1, count - 1);
      covariance[j]![i] = covariance[i]![j]!;
    }
  const { values, vectors } = jacobiEigen(covariance);
  const order = values
    .map((value, i) => ({ value: Math.max(0, value), i }))
    .sort((a, b) => b.value - a.value);
  const total = order.reduce((sum, e) => sum + e.value, 0) || 1;
  const limit = Math.min(maxComponents ?? columns - 1, columns - 1);
  const components: number[][] = [];
  let explained = 0;
  for (const { value, i } of order) {
    if (components.length >= limit || (components.length > 0 && explained >= variance)) break;
    components.push(vectors.map((row) => row[i]!));
    explained += value / total;
  }
  const spe = new Float64Array(count);
  for (let r = 0; r < count; r++) spe[r] = speOf(z.subarray(r * columns, (r + 1) * columns), components);
  return { mean, std, components, explained, spe };
}

/** The squared distance of a standardised row from the span of the components. */
export function speOf(z: ArrayLike<number>, components: readonly number[][]): number {
  let norm = 0;
  for (let c = 0; c < z.length; c++) norm += z[c]! ** 2;
  let projected = 0;
  for (const component of components) {
    let dot = 0;
    for (let c = 0; c < z.length; c++) dot += component[c]! * z[c]!;
    projected += dot * dot;
  }
  return Math.max(0, norm - projected);
}

/** Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi rotations. */
export function jacobiEigen(matrix: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}
