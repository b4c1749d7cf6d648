import { useEffect, useState } from 'react';
import type { Series, TagId } from '../../shared/domain.js';
import { useApi } from '../api/apiContext.js';
import { useNow } from './useNow.js';

/** What a device's sparklines cover, and how often they are asked again. */
export const SPARK_WINDOW_MS = 5 * 60_000;
const REFRESH_MS = 5_000;
/** Four points per pixel column of a 120-pixel sparkline: M4 keeps every spike. */
const SPARK_POINTS = 480;

export interface Sparklines {
  from: number;
  to: number;
  byTag: ReadonlyMap<TagId, Series>;
  error: string | null;
}

/**
 * The last minutes of some tags from history, in one history.queryRanges call, asked again
 * every few seconds so the lines move with the plant. String tags have no line to draw and are
 * left out by the caller.
 */
export function useSparklines(tags: readonly TagId[]): Sparklines | null {
  const api = useApi();
  const tick = useNow(REFRESH_MS);
  const [lines, setLines] = useState<Sparklines | null>(null);
  const key = tags.slice(0, 100).join('\n');
  useEffect(() => {
    const ids = key === '' ? [] : key.split('\n');
    if (ids.length === 0) return;
    let current = true;
    const to = Date.now();
    const from = to - SPARK_WINDOW_MS;
    api.call('history.queryRanges', { tags: ids, from, to, maxPoints: SPARK_POINTS }).then(
      ({ results }) => {
        if (current)
          setLines({ from, to, byTag: new Map(results.map((r) => [r.tag, r.points])), error: null });
      },
      (error: unknown) => {
        if (current) setLines((old) => ({ from, to, byTag: old?.byTag ?? new Map(), error: String(error) }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, key, tick]);
  return lines;
}
