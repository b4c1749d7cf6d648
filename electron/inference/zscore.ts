import type { TagCurrentValue } from '../../shared/domain.js';
import type { ZScoreBinding } from '../../shared/modelBindings.js';
import { Quality, qualityName, worseQuality } from '../../shared/quality.js';
import type { WindowResult } from './modelRunner.js';

/**
 * The rolling z-score detector: each new value against the mean and (sample) standard deviation
 * of the `size` values before it — the value itself is left out, so a spike does not widen the
 * band it is judged by. Nothing is scored until the window is full.
 */
export class RollingZScore {
  private readonly values: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  /**
   * The z value of `value`, then `value` joins the window. Null while the window is filling;
   * Infinity (signed) when the window is flat and the value differs from it.
   */
  push(value: number): number | null {
    let z: number | null = null;
    if (this.count === this.size) {
      let sum = 0;
      for (const v of this.values) sum += v;
      const mean = sum / this.size;
      let squares = 0;
      for (const v of this.values) squares += (v - mean) * (v - mean);
      const std = Math.sqrt(squares / (this.size - 1));
      const delta = value - mean;
      z = std > 0 ? delta / std : delta === 0 ? 0 : Math.sign(delta) * Infinity;
    }
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
    this.count = Math.min(this.size, this.count + 1);
    return z;
  }
}

/**
 * One new sample through a z-score binding: its score (and anomaly flag) with the sample's
 * quality, or bad outputs for a bad sample — which does not join the window. Null while the
 * window fills.
 */
export function scoreSample(
  detector: RollingZScore,
  binding: ZScoreBinding,
  raw: TagCurrentValue,
  rawQuality: number,
): WindowResult | null {
  const value = typeof raw === 'number' ? raw : null;
  const quality = typeof raw === 'string' ? Quality.BadTypeMismatch : rawQuality;
  if (value === null || !Number.isFinite(value) || quality >>> 30 === 2) {
    const bad =
      value !== null && !Number.isFinite(value) ? Quality.BadOutOfRange : worseQuality(quality, Quality.Bad);
    return { kind: 'bad', quality: bad, reason: `${binding.tag} is ${qualityName(bad)}` };
  }
  const z = detector.push(value);
  if (z === null) return null;
  const outQuality = quality >>> 30 === 0 ? Quality.Good : quality;
  const score = Number.isFinite(z) ? z : null;
  const values = [score, Math.abs(z) > binding.threshold ? 1 : 0];
  const qualities = [score === null ? Quality.BadOutOfRange : outQuality, outQuality];
  return {
    kind: 'values',
    values: binding.anomaly ? values : values.slice(0, 1),
    qualities: binding.anomaly ? qualities : qualities.slice(0, 1),
    problem: score === null ? `${binding.tag} left a flat window` : null,
  };
}
