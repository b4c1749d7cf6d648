import type { PenColumns } from './penBuffer.js';

/** A y column for uPlot: a number, `null` for a gap, `undefined` where the pen has no sample at that x. */
export type YColumn = (number | null | undefined)[];

/** uPlot's aligned data: one shared x column (epoch ms), then two y columns per pen. */
export type AlignedPens = [x: Float64Array, ...ys: YColumn[]];

const GOOD = 0;
const UNCERTAIN = 1;
/** A sample that draws nothing: bad, or without a value. */
const GAP = -1;

/**
 * How long before a gap's sample the value before it is held: far below a pixel at any zoom, yet
 * far above the rounding of an epoch-ms double (a quarter of a microsecond today), so the held
 * point and the gap are two x positions in the order they happened.
 */
export const HOLD_EDGE_MS = 1e-3;

/**
 * Turns pens with their own timestamps into uPlot's aligned columns. Each pen becomes two series:
 * good samples drawn solid, uncertain ones (stale, last usable…) drawn dashed; the segment that
 * joins a good and an uncertain sample belongs to the dashed one. Bad samples and samples without
 * a value are `null` in both, and uPlot with `spanGaps: false` draws a gap there. As uPlot.join's
 * NULL_EXPAND mode does, a gap is widened over the neighbouring x positions that belong to other
 * pens, so a line never reaches into a gap.
 *
 * A tag reports changes only, so a value stands until the next sample: the value before a gap is
 * held flat up to the gap's first sample (a held point `HOLD_EDGE_MS` before it), never sloped
 * towards anything. With `holdUntil`, likewise each pen whose newest sample is not bad is
 * extended flat to that time.
 */
export function alignPens(pens: readonly PenColumns[], holdUntil?: number): AlignedPens {
  const x = unionOfTimes(pens, holdUntil);
  const holdIndex = holdUntil === undefined ? -1 : x.indexOf(holdUntil);
  const columns: YColumn[] = [];
  for (const pen of pens) {
    const good: YColumn = new Array<number | null | undefined>(x.length).fill(undefined);
    const uncertain: YColumn = new Array<number | null | undefined>(x.length).fill(undefined);
    const n = pen.ts.length;
    const kindAt = (k: number) => kindOf(pen, k);
    const hold = (index: number, k: number) => {
      const column = kindAt(k) === GOOD ? good : uncertain;
      if (index >= 0) column[index] = pen.values[k] ?? null;
    };
    let j = 0;
    for (let k = 0; k < n; k++) {
      const t = pen.ts[k] ?? 0;
      const before = j;
      while (j < x.length && (x[j] ?? 0) < t) j++;
      const value = pen.values[k] ?? NaN;
      const kind = kindAt(k);
      const touchesUncertain = kind === GOOD && (kindAt(k - 1) === UNCERTAIN || kindAt(k + 1) === UNCERTAIN);
      good[j] = kind === GOOD ? value : null;
      uncertain[j] = kind === UNCERTAIN || touchesUncertain ? value : null;
      if (holdsBefore(pen, k)) hold(x.indexOf(t - HOLD_EDGE_MS, before), k - 1);
    }
    const lastKind = n > 0 ? kindAt(n - 1) : GAP;
    if (lastKind !== GAP && (holdUntil ?? 0) > (pen.ts[n - 1] ?? Infinity)) {
      hold(holdIndex, n - 1);
    }
    expandGaps(good);
    expandGaps(uncertain);
    columns.push(good, uncertain);
  }
  return [x, ...columns];
}

/** GOOD, UNCERTAIN, or GAP: bad quality draws nothing even where the device sent a value. */
function kindOf(pen: PenColumns, k: number): number {
  const severity = (pen.quality[k] ?? 0) >>> 30;
  return Number.isNaN(pen.values[k] ?? NaN) || severity > UNCERTAIN ? GAP : severity;
}

/** Whether sample `k` opens a gap after a value that is drawn, and that value is to be held. */
function holdsBefore(pen: PenColumns, k: number): boolean {
  if (k === 0 || kindOf(pen, k) !== GAP || kindOf(pen, k - 1) === GAP) return false;
  return (pen.ts[k - 1] ?? Infinity) < (pen.ts[k] ?? 0) - HOLD_EDGE_MS;
}

/** Every distinct timestamp of every pen and its hold points, ascending, plus `extra` when given. */
function unionOfTimes(pens: readonly PenColumns[], extra?: number): Float64Array {
  let total = extra === undefined ? 0 : 1;
  for (const pen of pens) {
    total += pen.ts.length;
    for (let k = 1; k < pen.ts.length; k++) if (holdsBefore(pen, k)) total++;
  }
  const all = new Float64Array(total);
  let offset = 0;
  for (const pen of pens) {
    all.set(pen.ts, offset);
    offset += pen.ts.length;
    for (let k = 1; k < pen.ts.length; k++) {
      if (holdsBefore(pen, k)) all[offset++] = (pen.ts[k] ?? 0) - HOLD_EDGE_MS;
    }
  }
  if (extra !== undefined) all[offset] = extra;
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i] ?? 0;
  }
  return all.subarray(0, unique);
}

/** Sets to null every alignment artifact (undefined) that touches a null. */
function expandGaps(column: YColumn): void {
  for (let i = 0; i < column.length; i++) {
    if (column[i] !== null) continue;
    for (let left = i - 1; left >= 0 && column[left] === undefined; left--) column[left] = null;
    let right = i + 1;
    while (right < column.length && column[right] === undefined) column[right++] = null;
    i = right - 1;
  }
}
