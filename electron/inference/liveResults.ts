import type { WindowResult } from './modelRunner.js';

/**
 * What the windows of one live run gave, in columns, as it crosses from the host: a result
 * object per binding costs the structured clone more than the run itself once a batch is large
 * (0.45 ms for 200 windows, against 0.2 ms of session.run). Binding `i` owns the slots
 * `offsets[i]` to `offsets[i + 1]` of `values` and `qualities`: one per mapped output when its
 * kind is values (NaN for no value), one quality when bad, none when skipped. Texts — a problem,
 * a reason — are few, and go by index.
 */
export interface ResultColumns {
  kinds: Uint8Array;
  offsets: Uint32Array;
  values: Float64Array;
  qualities: Uint32Array;
  notes: [index: number, text: string][];
}

const VALUES = 0;
const SKIP = 1;
const BAD = 2;

export function encodeResults(results: readonly WindowResult[]): ResultColumns {
  const kinds = new Uint8Array(results.length);
  const offsets = new Uint32Array(results.length + 1);
  let slots = 0;
  results.forEach((result, i) => {
    offsets[i] = slots;
    slots += result.kind === 'values' ? result.values.length : result.kind === 'bad' ? 1 : 0;
  });
  offsets[results.length] = slots;
  const values = new Float64Array(slots).fill(Number.NaN);
  const qualities = new Uint32Array(slots);
  const notes: [number, string][] = [];
  results.forEach((result, i) => {
    const at = offsets[i]!;
    if (result.kind === 'values') {
      kinds[i] = VALUES;
      result.values.forEach((value, o) => {
        if (value !== null) values[at + o] = value;
        qualities[at + o] = result.qualities[o]!;
      });
      if (result.problem !== null) notes.push([i, result.problem]);
    } else if (result.kind === 'bad') {
      kinds[i] = BAD;
      qualities[at] = result.quality;
      notes.push([i, result.reason]);
    } else {
      kinds[i] = SKIP;
      notes.push([i, result.reason]);
    }
  });
  return { kinds, offsets, values, qualities, notes };
}

export function decodeResults(columns: ResultColumns): WindowResult[] {
  const { kinds, offsets, values, qualities } = columns;
  const notes = new Map(columns.notes);
  return Array.from(kinds, (kind, i): WindowResult => {
    const at = offsets[i]!;
    const note = notes.get(i) ?? null;
    if (kind === SKIP) return { kind: 'skip', reason: note ?? '' };
    if (kind === BAD) return { kind: 'bad', quality: qualities[at]!, reason: note ?? '' };
    const out: (number | null)[] = [];
    const outQualities: number[] = [];
    for (let s = at; s < offsets[i + 1]!; s++) {
      out.push(Number.isNaN(values[s]!) ? null : values[s]!);
      outQualities.push(qualities[s]!);
    }
    return { kind: 'values', values: out, qualities: outQualities, problem: note };
  });
}
