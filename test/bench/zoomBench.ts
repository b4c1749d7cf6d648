import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { storedTag, writeHistory, type SampleBatch } from '../helpers/historyData.js';
import { startServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, withBaseline, type BenchResult } from './benchResult.js';
import { demoDataset, type DatasetBatch } from './dataset.js';
import { dragZoom, installProbe, timeHttpQuery, timeRedraw, type RedrawTime } from './zoomProbe.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
const ROUNDS = 3;

interface Query {
  tag: string;
  from: number;
  to: number;
  maxPoints: number;
}

interface Step extends RedrawTime {
  label: string;
  query: Query;
}

/**
 * Zoom redraw in the real UI: one tag × one year at 1 s written into a data folder with the
 * historian's API, `watchkeeper serve --no-demo` on it, the Trends screen in headless Chromium
 * showing the year, then drags down to a month, a day, an hour and a minute, pans, Back, and
 * random drags, each timed in the page from the input event to the painted frame with the new
 * data (zoomProbe.ts). Beside it, the same ranges queried over HTTP alone from the page: the part
 * of a redraw that is the server's, the floor the UI cannot beat.
 */
export async function measureZoom(log: (line: string) => void): Promise<BenchResult[]> {
  const dir = makeTempDir('wk-bench-zoom-');
  const end = Math.floor(Date.now() / 1000) * 1000 - MINUTE;
  // A tank's level: an analog signal that moves all year. (A one-device plant has no tank, and
  // its pump never runs, so the bench generates a pump and a tank and keeps the level only.)
  const plant = demoDataset({
    devices: 2,
    tagsPerDevice: 2,
    seconds: YEAR / 1000,
    seed: 5,
    start: end - YEAR,
  });
  const key = plant.tags.indexOf('line1/tank1/level') + 1;
  const tag = plant.tags[key - 1]!;
  const started = performance.now();
  const written = await writeHistory(dir.path, [storedTag(1, tag)], onlyTag(plant.batches(), key));
  log(
    `  wrote ${written.toLocaleString()} samples of ${tag} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  // The year must stay whole while it is measured: the default keeps raw samples for 90 days.
  const settings = `${dir.path}/history-settings.json`;
  writeFileSync(settings, JSON.stringify({ retention: { rawDays: null, minuteDays: null, hourDays: null } }));
  const serve = await startServeProcess([
    '--data-dir',
    dir.path,
    '--no-demo',
    '--history-settings',
    settings,
  ]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const queries: Query[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { method?: string; params?: Query };
        if (frame.method === 'history.queryRange' && frame.params) queries.push(frame.params);
      }),
    );
    await page.goto(`${serve.url}/#/trends`);
    await page.fill('[data-testid="pen-search"]', tag);
    await page.click(`[data-testid="pen-option"][data-tag-id="${tag}"]`);
    await page.click('[data-testid="mode-history"]');
    await page.locator('[data-testid="trend-chart"][data-points]:not([data-points="0"])').waitFor();
    await installProbe(page);
    const steps = await zoomSequence(page, queries, log);
    const http: number[] = [];
    for (const step of steps) http.push(await timeHttpQuery(page, step.query));
    return report(steps, http, log);
  } finally {
    await browser.close();
    await serve.stop('SIGINT');
    dir.remove();
  }
}

/** ROUNDS times: 1 y → 1 month → 1 day → 1 h → 1 min, two pans, Back, then random drags. */
async function zoomSequence(page: Page, queries: Query[], log: (line: string) => void): Promise<Step[]> {
  const random = mulberry32(42);
  const steps: Step[] = [];
  const shown = () => queries.at(-1)!;
  const measure = async (label: string, kind: 'drag' | 'click', action: () => Promise<void>) => {
    const time = await timeRedraw(page, kind, action);
    const step = { label, query: shown(), ...time };
    steps.push(step);
    log(
      `    ${label.padEnd(22)} span ${spanText(step.query.to - step.query.from).padStart(8)}: ${time.ms.toFixed(0).padStart(4)} ms (setData at ${time.setDataMs.toFixed(0)} ms, ${time.points} points)`,
    );
  };
  const zoomTo = (span: number) => async () => {
    const range = shown();
    const from = range.from + random() * (range.to - range.from - span);
    await dragZoom(page, range, { from, to: from + span });
  };
  for (let round = 0; round < ROUNDS; round++) {
    await measure('preset 1 year', 'click', () => page.click('[data-testid="history-1y"]'));
    await measure('zoom to 1 month', 'drag', zoomTo(30 * DAY));
    await measure('zoom to 1 day', 'drag', zoomTo(DAY));
    await measure('zoom to 1 h', 'drag', zoomTo(HOUR));
    await measure('zoom to 1 min', 'drag', zoomTo(MINUTE));
    await measure('pan earlier', 'click', () => page.click('[data-testid="pan-left"]'));
    await measure('pan earlier', 'click', () => page.click('[data-testid="pan-left"]'));
    await measure('back', 'click', () => page.click('[data-testid="zoom-back"]'));
    await measure('preset 1 year', 'click', () => page.click('[data-testid="history-1y"]'));
    for (let i = 0; i < 3; i++) {
      // Spans from about ten pixels to most of the chart, evenly on a log scale.
      const range = shown();
      const fraction = Math.exp(Math.log(0.008) * random());
      await measure('random zoom', 'drag', zoomTo(Math.max(MINUTE, fraction * (range.to - range.from))));
    }
    await measure('pan earlier', 'click', () => page.click('[data-testid="pan-left"]'));
  }
  return steps;
}

function report(steps: Step[], http: number[], log: (line: string) => void): BenchResult[] {
  const redraw = percentiles(steps.map((step) => step.ms));
  const setData = percentiles(steps.map((step) => step.setDataMs));
  const query = percentiles(http);
  const ms = (p: { p50: number; p95: number; max: number }) =>
    `p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, max ${p.max.toFixed(0)} ms`;
  log(`  zoom redraw over ${steps.length} range changes: ${ms(redraw)}`);
  log(`    of which until setData (query, transport, alignment): ${ms(setData)}`);
  log(`    HTTP query of the same ranges alone: ${ms(query)}`);
  const note = `${steps.length} range changes (1 y → 1 month → 1 day → 1 h → 1 min, pans, back, random drags) on 1 tag × 1 year at 1 s; input event → painted frame with the new data`;
  const baselineName = (which: string) =>
    `HTTP /api/history query of the same ranges alone, from the page (${which})`;
  return [
    ...(['p50', 'p95', 'max'] as const).map((which) =>
      withBaseline(
        {
          name: `trends.zoom_redraw_ms.${which}`,
          value: round(redraw[which], 1),
          unit: 'ms',
          target: '≤ 200',
          note,
        },
        round(query[which], 1),
        baselineName(which),
      ),
    ),
    withBaseline(
      {
        name: 'trends.zoom_to_setdata_ms.p95',
        value: round(setData.p95, 1),
        unit: 'ms',
        note: 'the same range changes, input event → setData with the new data: the part before drawing',
      },
      round(query.p95, 1),
      baselineName('p95'),
    ),
  ];
}

function percentiles(values: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

function spanText(ms: number): string {
  const units: Array<[number, string]> = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'min'],
    [1000, 's'],
  ];
  const [size, unit] = units.find(([size]) => ms >= size) ?? [1, 'ms'];
  return `${(ms / size).toFixed(ms / size < 10 ? 1 : 0)} ${unit}`;
}

/** The samples of one tag key, as tag key 1. */
function* onlyTag(batches: Iterable<DatasetBatch>, key: number): Generator<SampleBatch> {
  for (const batch of batches) {
    const rows: number[] = [];
    for (let i = 0; i < batch.count; i++) if (batch.tagKeys[i] === key) rows.push(i);
    yield {
      count: rows.length,
      tagKeys: new Int32Array(rows.length).fill(1),
      ts: Float64Array.from(rows, (i) => batch.ts[i]!),
      values: Float64Array.from(rows, (i) => batch.values[i]!),
      qualities: Uint32Array.from(rows, (i) => batch.qualities[i]!),
    };
  }
}

/** A small seeded PRNG, so every run zooms to the same places. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
