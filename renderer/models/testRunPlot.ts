import type { TestRunResult } from '../../shared/models.js';

/** A test run as uPlot columns: seconds, then each input, then each output (null where bad). */
export interface TestRunPlot {
  data: (number | null)[][];
  labels: string[];
  /** Which series are outputs (drawn on their own axis, on the right). */
  outputs: boolean[];
}

export function testRunPlot(result: TestRunResult): TestRunPlot {
  const series = [...result.inputs, ...result.outputs];
  return {
    data: [result.ts.map((ms) => ms / 1000), ...series.map((s) => s.value)],
    labels: series.map((s) => s.tag),
    outputs: series.map((_, index) => index >= result.inputs.length),
  };
}

/** One line per output for people and tests: runs, good values and their range. */
export function testRunSummary(result: TestRunResult): string[] {
  return result.outputs.map((output) => {
    const good = output.value.filter((v): v is number => v !== null);
    if (good.length === 0) return `${output.tag}: no good value in ${result.ts.length} runs`;
    const low = Math.min(...good);
    const high = Math.max(...good);
    return `${output.tag}: ${good.length} of ${result.ts.length} runs good, ${low.toPrecision(3)} … ${high.toPrecision(3)}`;
  });
}
