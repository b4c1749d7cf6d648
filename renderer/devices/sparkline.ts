import type { Series } from '../../shared/domain.js';
import { qualitySeverity } from '../../shared/quality.js';

/** One stretch of a sparkline drawn without a break, in canvas pixels. */
export interface SparkRun {
  points: [x: number, y: number][];
  /** Uncertain (stale included) runs are drawn dashed: usable, but not to be taken as good. */
  uncertain: boolean;
}

/**
 * A tag's last minutes as runs of line for a small canvas. Bad samples (null values) break the
 * line — a gap, never a line drawn across — and a change between good and uncertain starts a new
 * run, so each is drawn in its own style. The y range is the engineering range when known (so
 * small noise does not look like a swing), else the data's own.
 */
export function sparkRuns(
  series: Series,
  window: { from: number; to: number },
  size: { width: number; height: number },
  range: [number, number] | null,
): SparkRun[] {
  const values = series.value.filter((v): v is number => v !== null);
  if (values.length === 0 || window.to <= window.from) return [];
  let [low, high] = range ?? [Math.min(...values), Math.max(...values)];
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const x = (ts: number) =>
    ((Math.max(ts, window.from) - window.from) / (window.to - window.from)) * size.width;
  const y = (v: number) =>
    size.height - 1 - ((Math.min(high, Math.max(low, v)) - low) / (high - low)) * (size.height - 2);
  const runs: SparkRun[] = [];
  let run: SparkRun | null = null;
  for (let i = 0; i < series.ts.length; i++) {
    const value = series.value[i];
    const severity = qualitySeverity(series.quality[i] ?? 0);
    if (value === null || value === undefined || severity === 'bad') {
      run = null;
      continue;
    }
    const uncertain = severity === 'uncertain';
    const point: [number, number] = [x(series.ts[i]!), y(value)];
    if (run && run.uncertain !== uncertain) {
      // The new style starts where the old one ends, so the line stays joined.
      const last: [number, number] = run.points.at(-1)!;
      run = { points: [last], uncertain };
      runs.push(run);
    } else if (!run) {
      run = { points: [], uncertain };
      runs.push(run);
    }
    run.points.push(point);
  }
  return runs;
}
