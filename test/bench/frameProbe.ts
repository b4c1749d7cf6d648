import type { Page } from 'playwright-core';

/**
 * Frame times in the page: a requestAnimationFrame loop that records each frame's timestamp
 * while armed. rAF fires once per frame the browser renders, so its intervals are the frame
 * times the operator sees (16.7 ms at 60 fps); a long interval is a frame the main thread was
 * too busy to produce (React rendering a flood, style and layout of new rows).
 *
 * Kept as plain JavaScript text, as zoomProbe.ts explains.
 */
const PROBE = `(() => {
  const probe = { armed: false, stamps: [] };
  window.__frameProbe = probe;
  const tick = (t) => {
    if (probe.armed) probe.stamps.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

export async function installFrameProbe(page: Page): Promise<void> {
  await page.evaluate(PROBE);
}

/** Records frames while `during` runs; answers the intervals between them, in ms. */
export async function recordFrames(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate('Object.assign(window.__frameProbe, { armed: true, stamps: [] })');
  try {
    await during();
  } finally {
    await page.evaluate('window.__frameProbe.armed = false');
  }
  const stamps = (await page.evaluate('window.__frameProbe.stamps')) as number[];
  return stamps.slice(1).map((t, i) => t - stamps[i]!);
}

export interface FrameStats {
  frames: number;
  /** Frames per second at the median frame time. */
  fpsP50: number;
  /** Frames per second at the 95th-percentile frame time: the slow 5 % of frames. */
  fpsP5: number;
  /** Frames that took more than 50 ms (a stall an operator notices). */
  longFrames: number;
  /** Frames slower than 1.5 × a 60 Hz frame, i.e. at least one frame dropped. */
  droppedShare: number;
  /** Frames over the time measured. */
  fpsAverage: number;
}

export function frameStats(intervals: readonly number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const total = intervals.reduce((sum, ms) => sum + ms, 0);
  return {
    frames: intervals.length,
    fpsP50: 1000 / at(0.5),
    fpsP5: 1000 / at(0.95),
    longFrames: intervals.filter((ms) => ms > 50).length,
    droppedShare: intervals.filter((ms) => ms > 1.5 * (1000 / 60)).length / Math.max(1, intervals.length),
    fpsAverage: (intervals.length * 1000) / Math.max(1, total),
  };
}
