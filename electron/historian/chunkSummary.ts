import { Quality, worseQuality } from '../../shared/quality.js';
import { chartValue, type SampleRow } from './rowStreams.js';

/** What a chart needs of a run of samples without reading them; values are chart values (bad → null). */
export interface ChunkSummary {
  startTs: number;
  endTs: number;
  count: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
  worstQuality: number;
  hasGap: boolean;
  /** Worst quality of the samples with a value, when known (rollups keep it; chunks do not). */
  valueQuality?: number;
  /** Time spent without a usable value, when known: how wide a gap a chart should show. */
  badMs?: number;
}

export function summarize(rows: readonly SampleRow[]): ChunkSummary {
  let min: number | null = null;
  let max: number | null = null;
  let worstQuality: number = Quality.Good;
  let hasGap = false;
  for (const [, raw, quality] of rows) {
    worstQuality = worseQuality(worstQuality, quality);
    const value = chartValue(raw, quality);
    if (value === null) hasGap = true;
    else {
      if (min === null || value < min) min = value;
      if (max === null || value > max) max = value;
    }
  }
  const [first, last] = [rows[0]!, rows.at(-1)!];
  return {
    startTs: first[0],
    endTs: last[0],
    count: rows.length,
    first: chartValue(first[1], first[2]),
    last: chartValue(last[1], last[2]),
    min,
    max,
    worstQuality,
    hasGap,
  };
}

/** The summary of adjacent runs of samples, in time order, from theirs. */
export function mergeSummaries(parts: readonly ChunkSummary[]): ChunkSummary {
  const [first, last] = [parts[0]!, parts.at(-1)!];
  const present = <T>(values: (T | null)[]) => values.filter((v): v is T => v !== null);
  const mins = present(parts.map((p) => p.min));
  const maxes = present(parts.map((p) => p.max));
  return {
    startTs: first.startTs,
    endTs: last.endTs,
    count: parts.reduce((sum, p) => sum + p.count, 0),
    first: first.first,
    last: last.last,
    min: mins.length > 0 ? Math.min(...mins) : null,
    max: maxes.length > 0 ? Math.max(...maxes) : null,
    worstQuality: parts.reduce((worst, p) => worseQuality(worst, p.worstQuality), Quality.Good as number),
    hasGap: parts.some((p) => p.hasGap),
  };
}

const FIELDS = 9;

/**
 * Summaries of the blocks of a large (compacted) chunk, packed as doubles (NaN for null): they
 * let a chart whose pixel columns are narrower than the chunk still draw from summaries.
 */
export function encodeBlocks(rows: readonly SampleRow[], blockRows: number): Uint8Array {
  const blocks = Math.ceil(rows.length / blockRows);
  const out = new Float64Array(blocks * FIELDS);
  for (let b = 0; b < blocks; b++) {
    const s = summarize(rows.slice(b * blockRows, (b + 1) * blockRows));
    out.set(
      [
        s.startTs,
        s.endTs,
        s.count,
        s.first ?? NaN,
        s.last ?? NaN,
        s.min ?? NaN,
        s.max ?? NaN,
        s.worstQuality,
        s.hasGap ? 1 : 0,
      ],
      b * FIELDS,
    );
  }
  return new Uint8Array(out.buffer);
}

export function decodeBlocks(bytes: Uint8Array): ChunkSummary[] {
  const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);
  const out: ChunkSummary[] = [];
  for (let i = 0; i + FIELDS <= values.length; i += FIELDS) {
    out.push({
      startTs: values[i]!,
      endTs: values[i + 1]!,
      count: values[i + 2]!,
      first: orNull(values[i + 3]!),
      last: orNull(values[i + 4]!),
      min: orNull(values[i + 5]!),
      max: orNull(values[i + 6]!),
      worstQuality: values[i + 7]!,
      hasGap: values[i + 8] === 1,
    });
  }
  return out;
}
