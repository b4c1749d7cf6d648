import { Historian, type HistorianOptions } from '../../electron/historian/historian.js';
import type { StoredTag } from '../../electron/historian/types.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';

/** Samples in columns, as the bench's dataset generator yields them; a NaN value is "no value". */
export interface SampleBatch {
  count: number;
  tagKeys: ArrayLike<number>;
  ts: ArrayLike<number>;
  values: ArrayLike<number>;
  qualities: ArrayLike<number>;
}

/** A numeric tag as the historian stores it, named `area/device/name`. */
export function storedTag(key: number, id: string, extra: Partial<StoredTag> = {}): StoredTag {
  const parts = id.split('/');
  return {
    key,
    id,
    device: parts.slice(0, 2).join('/'),
    name: parts.at(-1) ?? id,
    description: '',
    unit: '',
    dataType: 'number',
    engLow: null,
    engHigh: null,
    ...extra,
  };
}

/** One batch from rows of `[tag key, ts, value or null, quality]`. */
export function batchOf(rows: ReadonlyArray<readonly [number, number, number | null, number]>): SampleBatch {
  return {
    count: rows.length,
    tagKeys: rows.map((row) => row[0]),
    ts: rows.map((row) => row[1]),
    values: rows.map((row) => row[2] ?? NaN),
    qualities: rows.map((row) => row[3]),
  };
}

/** Appends batches through the historian's own API, committing after each one. */
export async function appendBatches(historian: Historian, batches: Iterable<SampleBatch>): Promise<number> {
  let written = 0;
  for (const batch of batches) {
    for (let i = 0; i < batch.count; i++) {
      const value = batch.values[i]!;
      historian.append(
        batch.tagKeys[i]!,
        batch.ts[i]!,
        Number.isNaN(value) ? null : value,
        batch.qualities[i]!,
      );
    }
    written += batch.count;
    await historian.flush();
  }
  return written;
}

/**
 * Historian settings that drop nothing for age. Test histories lie in 1970 or months back, and
 * the worker's first maintenance pass (5 s after it opens) sweeps retention by the wall clock:
 * with the default 90 days of raw samples it deletes them, mid-test on a loaded machine.
 */
export const KEEP_EVERYTHING: NonNullable<HistorianOptions['retention']> = {
  retention: { rawDays: null, minuteDays: null, hourDays: null },
  classes: [],
  warnAt: 0.8,
  compression: [],
};

/**
 * Writes a history into `dataDir/historian.db` with the historian's API (no broker, no ingest),
 * sealed as a long-running historian would hold it, so `watchkeeper serve --data-dir` finds it.
 * Nothing is dropped for age while it is written (history of any age can be written).
 */
export async function writeHistory(
  dataDir: string,
  tags: StoredTag[],
  batches: Iterable<SampleBatch>,
): Promise<number> {
  const historian = new Historian({
    path: `${dataDir}/historian.db`,
    log: createMemoryLogger(),
    callTimeoutMs: 30 * 60_000,
    retention: KEEP_EVERYTHING,
  });
  await historian.start();
  try {
    historian.upsertTags(tags);
    const written = await appendBatches(historian, batches);
    await historian.sealAll();
    return written;
  } finally {
    await historian.stop();
  }
}
