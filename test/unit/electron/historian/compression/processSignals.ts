import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import { Quality } from '../../../../../shared/quality.js';

/**
 * Seeded synthetic process signals for property tests of the archive filters: a random walk
 * with measurement noise, level steps and single-sample spikes, sampled about once a second
 * with jitter, and (unless smooth) stretches of bad, uncertain and locally overridden samples.
 */

/** mulberry32 (Tommy Ettinger): a tiny, fast 32-bit PRNG, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SignalShape {
  samples: number;
  /** Standard deviation of the measurement noise, in engineering units. */
  noise: number;
  /** Standard deviation of each random-walk step. */
  walk: number;
  /** Chance per sample of a level step, a spike, and the start of a non-good stretch. */
  stepChance: number;
  spikeChance: number;
  qualityChance: number;
}

export const SMOOTH: Omit<SignalShape, 'samples'> = {
  noise: 0.1,
  walk: 0.1,
  stepChance: 0,
  spikeChance: 0,
  qualityChance: 0,
};

export const ROUGH: Omit<SignalShape, 'samples'> = {
  noise: 0.3,
  walk: 0.2,
  stepChance: 0.003,
  spikeChance: 0.004,
  qualityChance: 0.003,
};

const START_TS = 1_767_225_600_000;
const stretchQualities = [Quality.BadNoCommunication, Quality.Uncertain, Quality.GoodLocalOverride];

export function processSignal(seed: number, shape: SignalShape): SampleRow[] {
  const random = seededRandom(seed);
  const gaussian = () => random() + random() + random() + random() + random() + random() - 3;
  const rows: SampleRow[] = [];
  let ts = START_TS;
  let level = 50;
  let stretchLeft = 0;
  let stretchQuality: number = Quality.Good;
  for (let i = 0; i < shape.samples; i++) {
    ts += 800 + Math.floor(random() * 400);
    level += gaussian() * shape.walk;
    if (random() < shape.stepChance) level += (random() < 0.5 ? -1 : 1) * (5 + random() * 15);
    let value = level + gaussian() * shape.noise;
    if (random() < shape.spikeChance) value += (random() < 0.5 ? -1 : 1) * (10 + random() * 20);
    if (stretchLeft === 0 && random() < shape.qualityChance) {
      stretchLeft = 1 + Math.floor(random() * 20);
      stretchQuality = stretchQualities[Math.floor(random() * stretchQualities.length)]!;
    }
    if (stretchLeft > 0) {
      stretchLeft--;
      const bad = stretchQuality >>> 30 === 2;
      rows.push([ts, bad ? null : value, stretchQuality]);
    } else rows.push([ts, value, Quality.Good]);
  }
  return rows;
}
