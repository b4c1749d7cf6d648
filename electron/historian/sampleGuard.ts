import { Quality } from '../../shared/quality.js';
import type { SampleColumns } from './types.js';

/** Latest time the contract accepts (EpochMsSchema): beyond it a Date is invalid. */
const MAX_TS = 8.64e15;

export interface GuardResult {
  /** Samples without a usable time (not finite, negative, beyond year 275,760): not stored. */
  dropped: number;
  /** Samples whose value was ±Infinity: stored without a value, with quality BadOutOfRange. */
  flagged: number;
}

/**
 * The historian worker's own check of what crosses into it, in place: ingest already refuses
 * such samples, but a batch that slipped through must neither corrupt a chunk's timestamps nor
 * turn a rollup's sum into Infinity.
 */
export function guardBatch(batch: SampleColumns): GuardResult {
  const { tagKeys, ts, values, qualities } = batch;
  let kept = 0;
  let flagged = 0;
  for (let i = 0; i < batch.count; i++) {
    const t = ts[i]!;
    if (!Number.isInteger(t) || t < 0 || t > MAX_TS) continue;
    let value = values[i]!;
    let quality = qualities[i]!;
    if (value === Infinity || value === -Infinity) {
      [value, quality] = [NaN, Quality.BadOutOfRange];
      flagged++;
    }
    tagKeys[kept] = tagKeys[i]!;
    ts[kept] = t;
    values[kept] = value;
    qualities[kept] = quality;
    kept++;
  }
  const dropped = batch.count - kept;
  batch.count = kept;
  return { dropped, flagged };
}
