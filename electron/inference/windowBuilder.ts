import type { MissingPolicy, ModelInput, ModelWindow, Normalise } from '../../shared/modelBindings.js';
import { Quality, qualityName, worseQuality } from '../../shared/quality.js';
import type { SampleSeries } from './sampleSeries.js';

/**
 * What became of one window: filled (with the quality its outputs carry), left out (policy
 * skip), or unusable (policy markBad, or nothing to hold) — with the quality to write and why.
 */
export type WindowOutcome =
  | { kind: 'ok'; quality: number }
  | { kind: 'skip'; reason: string }
  | { kind: 'bad'; quality: number; reason: string };

export interface WindowSpec {
  inputs: readonly ModelInput[];
  window: ModelWindow;
  missing: MissingPolicy;
}

const usable = (value: number | null, quality: number): value is number =>
  value !== null && Number.isFinite(value) && quality >>> 30 !== 2;

/** The quality a point without a usable value stands for. */
function missingQuality(value: number | null, quality: number): number {
  if (value !== null && !Number.isFinite(value)) return Quality.BadOutOfRange;
  return quality >>> 30 === 2 ? quality : Quality.Bad;
}

/** A normalisation as value × scale + offset. */
export interface Linear {
  scale: number;
  offset: number;
}

/** Worked out once per binding's input (a window's every step reads it). */
const linears = new WeakMap<Normalise, Linear>();

export function linearOf(n: Normalise): Linear {
  let linear = linears.get(n);
  if (!linear) {
    if (n.kind === 'meanStd') linear = { scale: 1 / n.std, offset: -n.mean / n.std };
    else if (n.kind === 'minMax') linear = { scale: 1 / (n.max - n.min), offset: -n.min / (n.max - n.min) };
    else linear = { scale: 1, offset: 0 };
    linears.set(n, linear);
  }
  return linear;
}

export function normalise(value: number, n: Normalise): number {
  const { scale, offset } = linearOf(n);
  return value * scale + offset;
}

/**
 * Fills one window ending at `end` into `out` at `offset`, time-major (step k, input i at
 * k × inputs + i), each value normalised as the binding says. Resampling: each step takes the
 * last sample at or before it (hold), or the mean of the good samples since the step before
 * (mean, holding when there are none). A point whose sample is bad, NaN or infinite, or that
 * has no sample yet, is missing; the binding's policy decides (see MissingPolicy). Output
 * quality is the worst of what was used: uncertain inputs, or a held value, make it uncertain.
 */
export function fillWindow(
  spec: WindowSpec,
  series: readonly (SampleSeries | undefined)[],
  end: number,
  out: Float32Array,
  offset: number,
): WindowOutcome {
  const { steps, stepMs, resample } = spec.window;
  const features = spec.inputs.length;
  let quality: number = Quality.Good;
  for (let i = 0; i < features; i++) {
    const input = spec.inputs[i]!;
    const { scale, offset: shift } = linearOf(input.normalise);
    const s = series[i];
    const first = end - (steps - 1) * stepMs;
    // Mean: the walk starts a step early, so the first step averages its own samples too.
    let j = s ? s.lastAtOrBefore(resample === 'mean' ? first - stepMs : first) : -1;
    let lastGood: number | null = null;
    // The last good value before the window, for holdLast at its first steps.
    if (s && spec.missing === 'holdLast') {
      for (let g = j; g >= s.start; g--) {
        if (usable(s.value[g]!, s.quality[g]!)) {
          lastGood = s.value[g]!;
          break;
        }
      }
    }
    for (let k = 0; k < steps; k++) {
      const t = first + k * stepMs;
      let sum = 0;
      let count = 0;
      let worst: number = Quality.Good;
      if (s) {
        while (j + 1 < s.ts.length && s.ts[j + 1]! <= t) {
          j++;
          if (resample === 'mean' && s.ts[j]! > t - stepMs && usable(s.value[j]!, s.quality[j]!)) {
            sum += s.value[j]!;
            count++;
            worst = worseQuality(worst, s.quality[j]!);
          }
        }
      }
      let value: number;
      if (count > 0) {
        value = sum / count;
        quality = worseQuality(quality, worst);
      } else {
        const v = s && j >= s.start ? s.value[j]! : null;
        const q = s && j >= s.start ? s.quality[j]! : Quality.BadWaitingForInitialData;
        if (usable(v, q)) {
          value = v;
          quality = worseQuality(quality, q);
        } else {
          const noSample = !s || j < s.start;
          const reason = noSample
            ? `no value of ${input.tag} yet`
            : `${input.tag} is ${v !== null && !Number.isFinite(v) ? String(v) : qualityName(q)}`;
          const bad = noSample ? Quality.BadWaitingForInitialData : missingQuality(v, q);
          if (spec.missing === 'skip') return { kind: 'skip', reason };
          if (spec.missing === 'markBad' || lastGood === null) return { kind: 'bad', quality: bad, reason };
          value = lastGood;
          quality = worseQuality(quality, Quality.UncertainLastUsableValue);
        }
      }
      lastGood = value;
      out[offset + k * features + i] = value * scale + shift;
    }
  }
  return { kind: 'ok', quality: quality >>> 30 === 0 ? Quality.Good : quality };
}
