/** One measured figure, as written to bench/results/latest.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same measure of a baseline or peer, taken in the same run. */
  baseline?: number;
  baselineName?: string;
  /** value / baseline. */
  ratio?: number;
  /** The target, for the table; not an assertion. */
  target?: string;
  note?: string;
}

export function withBaseline(result: BenchResult, baseline: number, baselineName: string): BenchResult {
  return {
    ...result,
    baseline,
    baselineName,
    ratio: baseline === 0 ? undefined : round(result.value / baseline, 3),
  };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
