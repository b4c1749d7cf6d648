import type { ExportPage } from './types.js';

/** One tag's rows of an export window; `texts` for a string tag's events. */
export interface ExportColumns {
  ts: number[];
  values: number[];
  qualities: number[];
  texts?: (string | null)[];
}

/**
 * Several tags' rows of one export window (each tag's in time order) as one page in time order,
 * ties in the order the tags were asked. String tags' events come with their texts in `texts`,
 * which exists only then.
 */
export function mergeInTimeOrder(keys: readonly number[], perTag: readonly ExportColumns[]): ExportPage {
  const n = perTag.reduce((sum, c) => sum + c.ts.length, 0);
  const tagOrder = timeOrder(perTag.map((c) => c.ts));
  const cursors = new Uint32Array(perTag.length);
  const page: ExportPage = {
    count: n,
    tagKeys: new Int32Array(n),
    ts: new Float64Array(n),
    values: new Float64Array(n),
    qualities: new Uint32Array(n),
  };
  if (perTag.some((c) => c.texts)) page.texts = new Array<string | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const t = tagOrder[i]!;
    const c = perTag[t]!;
    const row = cursors[t]!++;
    page.tagKeys[i] = keys[t]!;
    page.ts[i] = c.ts[row]!;
    page.values[i] = c.values[row]!;
    page.qualities[i] = c.qualities[row]!;
    if (c.texts) page.texts![i] = c.texts[row] ?? null;
  }
  return page;
}

/**
 * Which tag each row comes from when rows of several tags (each in time order) are merged in
 * (time, tag position) order. Sorted as one number, natively, when (time, position) fits in one
 * exactly; a cursor per tag then finds each row without a comparator call per pair.
 */
function timeOrder(stamps: readonly number[][]): Uint32Array {
  const slots = 2 ** Math.ceil(Math.log2(Math.max(2, stamps.length)));
  const n = stamps.reduce((sum, ts) => sum + ts.length, 0);
  const order = new Float64Array(n);
  let k = 0;
  stamps.forEach((ts, t) => {
    for (const time of ts) order[k++] = time * slots + t;
  });
  if (order.every((v) => v <= Number.MAX_SAFE_INTEGER)) {
    order.sort();
    return Uint32Array.from(order, (v) => v % slots);
  }
  // Timestamps centuries ahead: too large to share a number with the position.
  const pairs = stamps.flatMap((ts, t) => ts.map((time) => [time, t] as const));
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return Uint32Array.from(pairs, ([, t]) => t);
}
