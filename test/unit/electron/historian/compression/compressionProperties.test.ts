import { describe, expect, it } from 'vitest';
import { createSampleFilter } from '../../../../../electron/historian/compression/sampleFilter.js';
import type { SampleRow } from '../../../../../electron/historian/rowStreams.js';
import type { StorageCompression } from '../../../../../shared/storageCompression.js';
import { processSignal, ROUGH, SMOOTH } from './processSignals.js';

const SEEDS = [1, 7, 42, 1234, 99_991];
const SAMPLES = 20_000;
const DEVIATION = 0.5;
const MAX_INTERVAL_MS = 120_000;
/** Room for floating-point rounding in slope arithmetic, far below any deviation in use. */
const EPSILON = 1e-9;

type Mode = 'deadband' | 'swingingDoor';

/** Offers every row, flushing every `flushEvery` rows (a timer) and once at the end (shutdown). */
function archive(rows: SampleRow[], setting: StorageCompression, flushEvery = Infinity): SampleRow[] {
  const filter = createSampleFilter(setting);
  const archived: SampleRow[] = [];
  rows.forEach((row, i) => {
    archived.push(...filter.offer(row));
    if ((i + 1) % flushEvery === 0) archived.push(...filter.flush());
  });
  archived.push(...filter.flush());
  return archived;
}

const compressible = (row: SampleRow) => row[2] >>> 30 === 0 && row[1] !== null;

/** Indices of the archived rows in the input; the filters archive the offered row objects. */
function keptIndices(rows: SampleRow[], archived: SampleRow[]): number[] {
  const indexOf = new Map(rows.map((row, i) => [row, i]));
  return archived.map((row) => indexOf.get(row) ?? -1);
}

const setting = (mode: Mode): StorageCompression => ({
  mode,
  deviation: DEVIATION,
  maxIntervalMs: MAX_INTERVAL_MS,
});

/**
 * The promises a filter makes about an in-order stream, as a list of the samples that break
 * them (empty when all hold). Checking every sample with `expect` would be needlessly slow.
 */
function brokenPromises(rows: SampleRow[], archived: SampleRow[], mode: Mode): string[] {
  const broken: string[] = [];
  const kept = keptIndices(rows, archived);
  if (!kept.every((index, k) => index >= 0 && (k === 0 || index > kept[k - 1]!))) {
    broken.push('archived rows are not an in-order subset of the input');
  }
  if (kept[0] !== 0 || kept.at(-1) !== rows.length - 1) broken.push('first or last sample dropped');

  const isKept = new Set(kept);
  rows.forEach((row, i) => {
    if (!compressible(row) && !isKept.has(i)) broken.push(`non-good sample ${i} dropped`);
    const before = rows[i - 1];
    const change = before && (before[2] !== row[2] || (before[1] === null) !== (row[1] === null));
    if (change && !(isKept.has(i - 1) && isKept.has(i))) broken.push(`quality change at ${i} dropped`);
  });

  for (let k = 1; k < kept.length; k++) {
    const a = rows[kept[k - 1]!]!;
    const b = rows[kept[k]!]!;
    for (let i = kept[k - 1]! + 1; i < kept[k]!; i++) {
      const [ts, value] = rows[i]!;
      if (ts - a[0] > MAX_INTERVAL_MS) broken.push(`sample ${i} held past maxIntervalMs`);
      const lineError = Math.abs(a[1]! + ((b[1]! - a[1]!) * (ts - a[0])) / (b[0] - a[0]) - value!);
      const heldError = Math.abs(a[1]! - value!);
      if (mode === 'swingingDoor' && lineError > DEVIATION + EPSILON) {
        broken.push(`sample ${i} is ${lineError} off the line`);
      }
      if (mode === 'deadband' && (heldError > DEVIATION + EPSILON || lineError > 2 * DEVIATION + EPSILON)) {
        broken.push(`sample ${i} is ${heldError} off the held value, ${lineError} off the line`);
      }
    }
  }
  return broken;
}

const smooth = (seed: number) => processSignal(seed, { samples: SAMPLES, ...SMOOTH });
const rough = (seed: number) => processSignal(seed, { samples: SAMPLES, ...ROUGH });

/** Input samples per archived sample for each seed, worked out when the tests are collected. */
function ratiosOf(mode: Mode): string {
  return SEEDS.map((seed) => `${(SAMPLES / archive(smooth(seed), setting(mode)).length).toFixed(0)}:1`).join(
    ', ',
  );
}

describe.each<Mode>(['swingingDoor', 'deadband'])('%s compression of generated process signals', (mode) => {
  const promise =
    mode === 'swingingDoor'
      ? 'the line between archived points stays within deviation of every dropped sample'
      : 'every dropped sample stays within deviation of the value archived before it (2 × on a line)';

  it.each(SEEDS)(`${promise}; non-good samples and quality changes are all kept (seed %i)`, (seed) => {
    const rows = rough(seed);
    expect(brokenPromises(rows, archive(rows, setting(mode)), mode)).toEqual([]);
  });

  it.each(SEEDS)('keeps those promises when the held snapshot is flushed on a timer (seed %i)', (seed) => {
    const rows = rough(seed);
    expect(brokenPromises(rows, archive(rows, setting(mode), 37), mode)).toEqual([]);
  });

  it(`archives far fewer samples than it receives from a smooth signal (${ratiosOf(mode)})`, () => {
    for (const seed of SEEDS) {
      const rows = smooth(seed);
      const archived = archive(rows, setting(mode));
      expect(brokenPromises(rows, archived, mode)).toEqual([]);
      expect(archived.length).toBeLessThan(SAMPLES / 10);
    }
  });
});
