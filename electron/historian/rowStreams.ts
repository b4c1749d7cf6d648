export type SampleRow = [ts: number, value: number | null, quality: number];

/**
 * Merges two streams of rows, each in time order, into one. Where both hold the same timestamp
 * the `newer` source wins (the tail over stored rows, stored rows over sealed chunks), and of
 * several rows with one timestamp in `newer` the last does: a redelivery replaces.
 */
export function* mergeNewest(older: Iterable<SampleRow>, newer: Iterable<SampleRow>): Generator<SampleRow> {
  const next = dedupedNewest(newer[Symbol.iterator]());
  let pending = next();
  for (const row of older) {
    while (pending && pending[0] < row[0]) {
      yield pending;
      pending = next();
    }
    if (pending && pending[0] === row[0]) {
      yield pending;
      pending = next();
    } else yield row;
  }
  while (pending) {
    yield pending;
    pending = next();
  }
}

/** Reads an ordered stream, keeping only the last row of each run with the same timestamp. */
function dedupedNewest(iterator: Iterator<SampleRow>): () => SampleRow | undefined {
  let lookahead = iterator.next();
  return () => {
    if (lookahead.done) return undefined;
    let row = lookahead.value;
    lookahead = iterator.next();
    while (!lookahead.done && lookahead.value[0] === row[0]) {
      row = lookahead.value;
      lookahead = iterator.next();
    }
    return row;
  };
}

/** Rows of a stream that lie in [from, to]. */
export function* within(rows: Iterable<SampleRow>, from: number, to: number): Generator<SampleRow> {
  for (const row of rows) if (row[0] >= from && row[0] <= to) yield row;
}

/** Bad samples keep their stored value for export but are charted as gaps. */
export function chartValue(value: number | null, quality: number): number | null {
  return quality >>> 30 === 2 ? null : value;
}
