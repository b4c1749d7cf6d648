import { mkdirSync } from 'node:fs';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/**
 * A new user's first minute: `watchkeeper serve` on an empty data folder starts the embedded
 * broker and the demo plant; the real UI in a real Chromium shows live values, draws a trend and
 * tells the truth about bad input in its status bar.
 */
describe('a live control room from one command', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const dir = makeTempDir('wk-e2e-');
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    serve = await startServeProcess(['--data-dir', dir.path]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop('SIGINT')).toBe(0);
    expect(serve.output()).toMatch(/SIGINT: shutting down/);
    dir.remove();
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

  it('counts a malformed payload in the status bar and keeps the values live', async () => {
    const broker = /broker: (mqtt:\/\/127\.0\.0\.1:\d+)/.exec(serve.output())?.[1];
    expect(broker).toBeDefined();
    const device = await mqtt.connectAsync(broker!, { clientId: 'e2e-broken-device' });
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
