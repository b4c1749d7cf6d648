import type { IntervalHistogram } from 'node:perf_hooks';
import type { Runtime } from '../../electron/runtime/runtime.js';
import { sleep } from './benchResult.js';

/** Samples ingested and the historian's backlog now, for rates over a window. */
export function snapshot(runtime: Runtime): { at: number; samples: number; backlog: number } {
  const health = runtime.health();
  return { at: performance.now(), samples: health.ingest.samples, backlog: health.historian.backlog };
}

/** Waits until nothing is arriving and the historian has written everything. */
export async function settle(runtime: Runtime): Promise<void> {
  let last = -1;
  for (let i = 0; i < 300; i++) {
    const health = runtime.health();
    if (health.ingest.samples === last && health.historian.backlog === 0) return;
    last = health.ingest.samples;
    await sleep(500);
  }
}

/**
 * p99 of an event-loop delay histogram in ms. Node 20's histogram records the whole interval
 * between samples, its resolution included, so the resolution is taken off to leave the delay.
 */
export function p99Ms(histogram: IntervalHistogram, resolutionMs = 1): number {
  return Math.max(0, histogram.percentile(99) / 1e6 - resolutionMs);
}
