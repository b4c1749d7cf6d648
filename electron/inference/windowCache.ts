import { Quality } from '../../shared/quality.js';
import type { SampleSeries } from './sampleSeries.js';
import { fillWindow, linearOf, type WindowOutcome, type WindowSpec } from './windowBuilder.js';

interface SeriesMark {
  series: SampleSeries | undefined;
  revision: number;
  lastTs: number | null;
}

/**
 * One binding's last window, kept so the next tick resamples only the steps that are new: a
 * window that moved on by whole steps since the last one shifts the normalised values it already
 * has and fills the new steps from the series. That is only done when it gives exactly what a
 * full fill would — every kept step was good (no missing point, so the missing policy has nothing
 * to decide and the quality is Good), no sample at or before the last window's end was added,
 * replaced or inserted since (the series' revision and newest time say so), and the binding and
 * series are the same objects. Anything else (a gap, a bad or uncertain value, history merged in,
 * a late sample, a jump of a whole window) takes the full fill of windowBuilder.ts.
 */
export class WindowCache {
  private spec: WindowSpec | null = null;
  private end = 0;
  private values: Float32Array = new Float32Array(0);
  /** Whether `values` holds a window whose every point was good. */
  private clean = false;
  private marks: SeriesMark[] = [];

  /** Fills the window ending at `end` into `out` at `offset`, as fillWindow does. */
  fill(
    spec: WindowSpec,
    series: readonly (SampleSeries | undefined)[],
    end: number,
    out: Float32Array,
    offset: number,
  ): WindowOutcome {
    const { steps, stepMs } = spec.window;
    const features = spec.inputs.length;
    const size = steps * features;
    const moved = (end - this.end) / stepMs;
    if (
      this.clean &&
      this.spec === spec &&
      Number.isInteger(moved) &&
      moved >= 0 &&
      moved < steps &&
      this.unchanged(series, end - steps * stepMs) &&
      this.shift(spec, series, end, moved)
    ) {
      out.set(this.values, offset);
      this.remember(spec, series, end);
      return { kind: 'ok', quality: Quality.Good };
    }
    if (this.values.length !== size) this.values = new Float32Array(size);
    const outcome = fillWindow(spec, series, end, this.values, 0);
    out.set(this.values, offset);
    this.clean = outcome.kind === 'ok' && outcome.quality === Quality.Good;
    this.remember(spec, series, end);
    return outcome;
  }

  private remember(spec: WindowSpec, series: readonly (SampleSeries | undefined)[], end: number): void {
    this.spec = spec;
    this.end = end;
    if (this.marks.length !== series.length)
      this.marks = series.map(() => ({ series: undefined, revision: 0, lastTs: null }));
    for (let i = 0; i < series.length; i++) {
      const mark = this.marks[i]!;
      const s = series[i];
      mark.series = s;
      mark.revision = s?.revision ?? 0;
      mark.lastTs = s?.lastTs ?? null;
    }
  }

  /**
   * No sample at or before the last window's end changed since it was filled, and none the new
   * window reads (from `from`, a step before its first) was trimmed away.
   */
  private unchanged(series: readonly (SampleSeries | undefined)[], from: number): boolean {
    if (series.length !== this.marks.length) return false;
    for (let i = 0; i < series.length; i++) {
      const s = series[i];
      const mark = this.marks[i]!;
      if (!s || s !== mark.series || s.revision !== mark.revision || mark.lastTs === null) return false;
      if (s.size === 0 || s.ts[s.start]! > from) return false;
      // Appended since: only later than the last window's end, or the kept steps would change.
      if (mark.lastTs < this.end) {
        const j = s.lastAtOrBefore(this.end);
        if (j >= s.start && s.ts[j]! > mark.lastTs) return false;
      }
    }
    return true;
  }

  /**
   * Shifts the kept steps `moved` steps back and resamples the new ones at the end; false (the
   * values then half-written, and not clean) when a new point is not good.
   */
  private shift(
    spec: WindowSpec,
    series: readonly (SampleSeries | undefined)[],
    end: number,
    moved: number,
  ): boolean {
    if (moved === 0) return true;
    const { steps, stepMs, resample } = spec.window;
    const features = spec.inputs.length;
    this.values.copyWithin(0, moved * features);
    const first = end - (steps - 1) * stepMs;
    for (let i = 0; i < features; i++) {
      const s = series[i]!;
      const { scale, offset } = linearOf(spec.inputs[i]!.normalise);
      for (let k = steps - moved; k < steps; k++) {
        const t = first + k * stepMs;
        const j = s.lastAtOrBefore(t);
        let value: number | null = null;
        if (resample === 'mean') {
          let sum = 0;
          let count = 0;
          // Forward in time, as the full fill adds them, so the sum is the same to the bit.
          for (let g = s.lastAtOrBefore(t - stepMs) + 1; g <= j; g++) {
            const v = s.value[g]!;
            const q = s.quality[g]!;
            if (v === null || !Number.isFinite(v) || q >>> 30 === 2) continue;
            // An uncertain sample makes the window uncertain: the full fill says how.
            if (q >>> 30 !== 0) return (this.clean = false);
            sum += v;
            count++;
          }
          if (count > 0) value = sum / count;
        }
        if (value === null) {
          if (j < s.start) return (this.clean = false);
          const v = s.value[j]!;
          if (v === null || !Number.isFinite(v) || s.quality[j]! >>> 30 !== 0) return (this.clean = false);
          value = v;
        }
        this.values[k * features + i] = value * scale + offset;
      }
    }
    return true;
  }
}
