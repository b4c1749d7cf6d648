import mqtt from 'mqtt';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityView } from '../../renderer/format/quality.js';
import { formatValue } from '../../renderer/format/value.js';
import type { HistoryResult, Tag } from '../../shared/domain.js';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';
import type { ServeProcess } from '../helpers/serveProcess.js';

/**
 * A new user's first minute: `watchkeeper serve` on an empty data folder starts the embedded
 * broker and the demo plant; the real UI in a real Chromium shows live values, draws a trend and
 * tells the truth about bad input in its status bar.
 */
describe('a live control room from one command', () => {
  let room: ControlRoom;
  let serve: ServeProcess;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-');
    ({ serve, page, consoleErrors } = room);
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
    expect(serve.output()).toMatch(/SIGINT: shutting down/);
  });

  it('shows the demo plant with values that change', async () => {
    const value = page.locator(
      '[data-testid="tag-row"][data-tag-id="line3/pump3/flow"] [data-testid="tag-value"]',
    );
    await expect
      .poll(async () => /\d/.test((await value.textContent()) ?? ''), { timeout: 20_000 })
      .toBe(true);
    expect(await page.locator('[data-testid="device-card"]').count()).toBeGreaterThanOrEqual(12);
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const texts = await page.locator('[data-testid="tag-value"]').allTextContents();
          seen.add(texts.join('|'));
          return seen.size;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBeGreaterThan(2);
    await expect
      .poll(() => page.locator('[data-testid="status-broker"]').textContent())
      .toMatch(/connected/i);
    await page.screenshot({ path: new URL('overview.png', ARTIFACTS).pathname });
  });

  it('draws a live trend of a tag the user picks', async () => {
    await page.locator('[data-testid="tag-row"][data-tag-id="line3/pump3/flow"]').click();
    const chart = page.locator('[data-testid="trend-chart"]');
    const drawn = async () => Number((await chart.getAttribute('data-points')) ?? 0);
    await expect.poll(drawn, { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await drawn();
    await expect.poll(drawn, { timeout: 15_000 }).toBeGreaterThan(before);
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: new URL('trend.png', ARTIFACTS).pathname });
  });

  it('reads every pen at the crosshair, draws alarm limits and hatches bad data', async () => {
    const pump = 'line3/pump3';
    // Readings worth checking need history: wait until the demo pump has 15 s of it.
    const since = async () => {
      const now = Date.now();
      const path = `/api/history?tag=${pump}/flow&from=${now - 60_000}&to=${now}`;
      return now - ((await getJson<HistoryResult>(serve, path)).points.ts[0] ?? now);
    };
    await expect.poll(since, { timeout: 30_000, interval: 1_000 }).toBeGreaterThan(15_000);
    // A plain JSON probe with a bad stretch in its recent past, beside the demo pump's signals.
    const published = Date.now();
    await publishProbe(brokerUrl(serve), [
      [published - 12_000, 5, 'good'],
      [published - 8_000, null, 'bad'],
      [published - 4_000, 6, 'good'],
    ]);
    const pens = [
      `${pump}/flow`,
      ...['vibration', 'bearing_temp', 'discharge_pressure', 'running'].map((n) => `${pump}/${n}`),
      PROBE,
    ];
    await addPens(page, pens.slice(1));
    await page.locator('[data-testid="window-1"]').click();
    await page.locator('[data-testid="mode-history"]').click();
    const loads = page.locator('[data-testid="pen-load"]');
    await expect
      .poll(
        async () => (await loads.evaluateAll((all) => all.map((e) => e.getAttribute('data-state')))).join(),
        { timeout: 15_000 },
      )
      .toBe(pens.map(() => 'ready').join());

    const chart = page.locator('[data-testid="trend-chart"]');
    const tags = await getJson<{ tags: Tag[] }>(serve, '/api/tags');
    const meta = new Map(tags.tags.map((tag) => [tag.id, tag]));
    const readout = page.locator('[data-testid="trend-readout"]');
    for (const [at, probeState] of [
      [published - 6_000, 'bad'],
      [published - 2_000, 'good'],
    ] as const) {
      await pointAt(page, chart, at);
      await expect
        .poll(async () => Math.abs(Number(await readout.getAttribute('data-ts')) - at))
        .toBeLessThan(1_000);
      const ts = Number(await readout.getAttribute('data-ts'));
      const rows = await readout.locator('[data-testid="trend-readout-pen"]').evaluateAll((all) =>
        all.map((e) => ({
          id: e.getAttribute('data-tag-id'),
          state: e.getAttribute('data-state'),
          value: e.querySelector('[data-testid="trend-readout-value"]')?.textContent ?? null,
        })),
      );
      expect(rows.map((row) => row.id)).toEqual(pens);
      for (const row of rows) {
        expect(row, `${row.id} at ${new Date(ts).toISOString()}`).toEqual({
          id: row.id,
          ...(await expectedReading(serve, meta.get(row.id!), ts)),
        });
      }
      expect(rows.at(-1)?.state).toBe(probeState);
      expect(rows.filter((row) => row.id !== PROBE && row.value !== null).length).toBeGreaterThan(0);
    }
    await page.screenshot({ path: new URL('trend-readout.png', ARTIFACTS).pathname });

    const limitLines = (await chart.getAttribute('data-limit-lines'))?.split('|') ?? [];
    expect(limitLines).toEqual(expect.arrayContaining(['P2 HH 11', 'P2 H 7.1', 'P3 HH 95', 'P3 H 80']));
    expect(Number(await chart.getAttribute('data-quality-spans'))).toBeGreaterThan(0);
    expect(await chart.getAttribute('data-axes')).toBe('P1 m³/h|P2 mm/s|P3 °C|P4 bar|P5|P6 °C');
  });

  it('counts a malformed payload in the status bar and keeps the values live', async () => {
    const device = await mqtt.connectAsync(brokerUrl(serve), { clientId: 'e2e-broken-device' });
    await device.publishAsync('factory/line1/pump9/flow', '{"value": 12.');
    await device.endAsync();
    const errors = page.locator('[data-testid="status-ingest-errors"]');
    await expect.poll(() => errors.getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    await errors.click();
    await expect.poll(() => page.textContent('body')).toMatch(/json\.invalid/);
    await page.screenshot({ path: new URL('ingest-errors.png', ARTIFACTS).pathname });
    expect(consoleErrors).toEqual([]);
  });
});

const PROBE = 'line1/probe1/temperature';

function brokerUrl(serve: ServeProcess): string {
  const broker = /broker: (mqtt:\/\/127\.0\.0\.1:\d+)/.exec(serve.output())?.[1];
  if (!broker) throw new Error(`serve printed no broker URL:\n${serve.output()}`);
  return broker;
}

/** Samples from a JSON device, as a site's own gateway would publish them (timestamps in the past). */
async function publishProbe(
  broker: string,
  samples: Array<[ts: number, value: number | null, quality: string]>,
) {
  const device = await mqtt.connectAsync(broker, { clientId: 'e2e-probe' });
  for (const [ts, value, quality] of samples) {
    const payload = { value, quality, unit: '°C', ts: new Date(ts).toISOString() };
    await device.publishAsync(`factory/${PROBE}`, JSON.stringify(payload));
  }
  await device.endAsync();
}

/** Ticks each tag in the Trends tag browser, found by searching for it. */
async function addPens(page: Page, ids: readonly string[]) {
  const search = page.locator('[data-testid="pen-search"]');
  for (const id of ids) {
    await search.fill(id);
    await page.locator(`[data-testid="pen-option"][data-tag-id="${id}"] input`).check({ timeout: 15_000 });
  }
  await search.fill('');
}

/** Moves the pointer over the plot to the x of time `at`, from the range the chart says it shows. */
async function pointAt(page: Page, chart: Locator, at: number) {
  const from = Number(await chart.getAttribute('data-from'));
  const to = Number(await chart.getAttribute('data-to'));
  const box = await chart.locator('.u-over').boundingBox();
  if (!box) throw new Error('the plot is not on screen');
  await page.mouse.move(box.x + ((at - from) / (to - from)) * box.width, box.y + box.height / 2);
}

/**
 * What the readout must say for a tag at `ts`: its last stored sample at or before `ts` (step
 * semantics), asked of the HTTP API and formatted as the UI formats values.
 */
async function expectedReading(serve: ServeProcess, tag: Tag | undefined, ts: number) {
  if (!tag) throw new Error('tag not listed');
  const path = `/api/history?tag=${encodeURIComponent(tag.id)}&from=${ts - 120_000}&to=${ts}&maxPoints=100000`;
  const { points } = await getJson<HistoryResult>(serve, path);
  const last = points.ts.findLastIndex((t) => t <= ts);
  if (last < 0) return { state: 'nodata', value: null };
  const value = points.value[last] ?? null;
  const view = qualityView(points.quality[last] ?? 0);
  if (view.severity === 'bad') return { state: 'bad', value: null };
  if (value === null) return { state: 'nodata', value: null };
  const state = view.badge === 'STALE' ? 'stale' : view.severity;
  return { state, value: formatValue({ ...tag, value }) };
}
