import type { HistoryResult } from '../../shared/domain.js';
import { qualitySeverity } from '../../shared/quality.js';

/** Several tags' history as uPlot columns: seconds on one shared axis, each tag null where it has no sample. */
export interface PreviewPlot {
  data: (number | null)[][];
  labels: string[];
  /** Samples per tag, for people and tests: a tag without any cannot be learned from. */
  counts: number[];
}

export function previewPlot(results: readonly HistoryResult[]): PreviewPlot {
  const times = [...new Set(results.flatMap((r) => r.points.ts))].sort((a, b) => a - b);
  const column = new Map(times.map((ts, index) => [ts, index]));
  const series = results.map((r) => {
    const values: (number | null)[] = new Array<number | null>(times.length).fill(null);
    r.points.ts.forEach((ts, i) => {
      const at = column.get(ts);
      // Bad samples are gaps: the baseline is fitted on good values only.
      if (at === undefined || qualitySeverity(r.points.quality[i] ?? 0) === 'bad') return;
      values[at] = r.points.value[i] ?? null;
    });
    return values;
  });
  return {
    data: [times.map((ms) => ms / 1000), ...series],
    labels: results.map((r) => r.tag),
    counts: series.map((values) => values.filter((v) => v !== null).length),
  };
}
