/**
 * Seeded randomness for the demo plant. Everything random in the simulator comes from here so
 * that the same seed replays the same plant, which is what makes demos and tests repeatable.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32 (Tommy Ettinger, public domain): one 32-bit state word, fast, and good enough for
 * process noise. Not for anything security related.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed with a few integers into a new 32-bit seed (murmur3's finaliser per word), so
 * that a scheduled event can be derived from (seed, kind, occurrence) without replaying every
 * random draw that came before it.
 */
export function hashSeed(seed: number, ...words: readonly number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const word of words) {
    h = Math.imul(h ^ (word >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * Approximately standard normal noise from two uniform draws (triangular distribution scaled to
 * unit variance). Cheaper than Box–Muller and bounded, which keeps a 10,000-tag step fast and
 * rules out the rare huge outlier that would look like a fault on a trend.
 */
export function noise(random: Random): number {
  return (random() + random() - 1) * 2.449489742783178;
}

/** A uniform number in [low, high). */
export function between(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}
