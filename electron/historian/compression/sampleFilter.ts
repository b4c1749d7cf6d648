import type { StorageCompression } from '../../../shared/storageCompression.js';
import { DEFAULT_MAX_INTERVAL_MS } from '../../../shared/storageCompression.js';
import type { SampleRow } from '../rowStreams.js';
import { DeadbandTest } from './deadband.js';
import { HeldSnapshotFilter } from './heldSnapshotFilter.js';
import { SwingingDoorTest } from './swingingDoor.js';

/**
 * One tag's archive filter, PI-style (OSIsoft PI Server "exception and compression testing";
 * ../shared/reference/historian.md, "Compression anchors"): samples are offered in arrival
 * order and the filter answers with the rows to archive now. A sample that may still be dropped
 * is held as the snapshot until a later one decides its fate, so archiving lags by one sample;
 * `flush()` archives the held snapshot (at shutdown, or on a timer so it is not lost in a crash).
 *
 * Callers map NaN and ±Infinity to a null value with bad quality before offering; the filters
 * still archive such values untouched rather than compute with them.
 */
export interface SampleFilter {
  /** Rows to archive now, in time order except that late rows pass straight through. */
  offer(row: SampleRow): SampleRow[];
  /** Archives the held snapshot, if any; the filter carries on from it. */
  flush(): SampleRow[];
  /** The held snapshot: received, not yet archived, and lost if the process dies. */
  pending(): SampleRow | null;
}

/** The filter for one tag's compression setting. A deviation that is not above zero keeps every sample. */
export function createSampleFilter(setting: StorageCompression): SampleFilter {
  if (setting.mode === 'none' || !(setting.deviation > 0) || !Number.isFinite(setting.deviation)) {
    return passThrough;
  }
  const maxIntervalMs =
    setting.maxIntervalMs !== undefined && setting.maxIntervalMs > 0
      ? setting.maxIntervalMs
      : DEFAULT_MAX_INTERVAL_MS;
  const test =
    setting.mode === 'deadband'
      ? new DeadbandTest(setting.deviation)
      : new SwingingDoorTest(setting.deviation);
  return new HeldSnapshotFilter(test, maxIntervalMs);
}

/** Lossless: holds nothing, so one shared instance serves every tag. */
const passThrough: SampleFilter = {
  offer: (row) => [row],
  flush: () => [],
  pending: () => null,
};
