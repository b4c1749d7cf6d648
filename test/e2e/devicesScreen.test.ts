import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { ARTIFACTS } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { startSimulatorProcess, type SimulatorRun } from '../helpers/simulatorProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';

const FLOW = 'line1/pump1/flow';
const KILLED = 'line2/tank2';

/**
 * The Devices screen in a real Chromium, over `watchkeeper serve`, a real Mosquitto and the demo
 * plant in its own `watchkeeper simulate` process (so that one device can be cut off):
 * an engineer's edit reaches every open trend at once, and a dead device is shown for what it is.
 */
describe('the Devices screen', () => {
  let broker: MosquittoHandle;
  let serve: ServeProcess;
  let simulator: SimulatorRun;
  let browser: Browser;
  let page: Page;
  let watcher: Page;
  const consoleErrors: string[] = [];
  const dir = makeTempDir('wk-e2e-devices-');

  const openPage = async () => {
    const opened = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    opened.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await opened.goto(serve.url);
    return opened;
  };
  const chart = (on: Page) => on.locator('[data-testid="trend-chart"]');
  /** Opens the flow tag in Trends from the overview, as an operator would. */
  const trendFlow = async (on: Page) => {
    await on.locator(`[data-testid="tag-row"][data-tag-id="${FLOW}"]`).click();
    await expect.poll(() => chart(on).getAttribute('data-axes'), { timeout: 20_000 }).toBe('P1 m³/h');
  };
  const showDevice = async (id: string) => {
    await page.locator('[data-testid="nav-devices"]').click();
    await page.locator(`[data-testid="device-row"][data-device-id="${id}"] button`).click();
    await page.locator('[data-testid="device-detail"]').waitFor();
  };

  beforeAll(async () => {
    broker = await startMosquitto();
    serve = await startServeProcess(['--data-dir', dir.path, '--broker', broker.url, '--no-demo']);
    simulator = startSimulatorProcess({ broker: broker.url, devices: 12, rateHz: 2 });
    browser = await launchChromium();
    [page, watcher] = [await openPage(), await openPage()];
  });

  afterAll(async () => {
    await browser?.close();
    await simulator?.stop();
    expect(await serve?.stop('SIGINT')).toBe(0);
    await broker?.stop();
    dir.remove();
  });

  it("changes every open trend's axis when an engineer edits a tag's unit and range", async () => {
    await trendFlow(watcher);
    await trendFlow(page);
    expect(await chart(page).getAttribute('data-axis-ranges')).toBe('engineering 0…200');

    await showDevice('line1/pump1');
    const flowRow = page.locator(`[data-testid="metric-row"][data-tag-id="${FLOW}"]`);
    // Its sparkline is drawn from history, and grows as history does.
    const sparkline = flowRow.locator('[data-testid="sparkline"]');
    const sparkPoints = async () => Number((await sparkline.getAttribute('data-points')) ?? 0);
    await expect.poll(sparkPoints, { timeout: 20_000 }).toBeGreaterThan(2);
    await flowRow.locator('[data-testid="metric-edit"]').click();
    const editor = page.locator('[data-testid="tag-editor"]');
    await editor.locator('[data-testid="tag-config-unit"]').fill('l/s');
    await editor.locator('[data-testid="tag-config-engLow"]').fill('0');
    await editor.locator('[data-testid="tag-config-engHigh"]').fill('60');
    await editor.locator('[data-testid="tag-config-save"]').click();
    await expect
      .poll(() => editor.locator('[data-testid="tag-config-message"]').textContent())
      .toMatch(/Saved as version 1/);
    await expect
      .poll(() => page.locator(`[data-testid="metric-row"][data-tag-id="${FLOW}"] td`).nth(1).textContent())
      .toBe('l/s');
    await page.screenshot({ path: new URL('devices-tag-editor.png', ARTIFACTS).pathname });

    // The other window was not touched: the change was pushed to it.
    await expect.poll(() => chart(watcher).getAttribute('data-axes')).toBe('P1 l/s');
    expect(await chart(watcher).getAttribute('data-axis-ranges')).toBe('engineering 0…60');
    await watcher.screenshot({ path: new URL('devices-trend-after-edit.png', ARTIFACTS).pathname });
    await page.locator('[data-testid="nav-trends"]').click();
    await expect.poll(() => chart(page).getAttribute('data-axes')).toBe('P1 l/s');
    expect(await chart(page).getAttribute('data-axis-ranges')).toBe('engineering 0…60');
  });

  it('refuses a range whose low is not below its high, and changes nothing', async () => {
    await showDevice('line1/pump1');
    await page
      .locator(`[data-testid="metric-row"][data-tag-id="${FLOW}"] [data-testid="metric-edit"]`)
      .click();
    const editor = page.locator('[data-testid="tag-editor"]');
    await editor.locator('[data-testid="tag-config-engLow"]').fill('80');
    await editor.locator('[data-testid="tag-config-save"]').click();
    await expect
      .poll(() => editor.locator('[data-testid="tag-config-message"]').textContent())
      .toMatch(/low below high/);
    expect(await chart(watcher).getAttribute('data-axis-ranges')).toBe('engineering 0…60');
  });

  it('shows a device killed in the plant as offline, and its values stale, within its timeout', async () => {
    await showDevice(KILLED);
    await page.locator('[data-testid="device-timeout-input"]').fill('3');
    await page.locator('[data-testid="device-settings-save"]').click();
    await expect.poll(() => page.locator('[data-testid="device-timeout"]').textContent()).toBe('3 s');
    const level = page.locator(`[data-testid="metric-row"][data-tag-id="${KILLED}/level"]`);
    await expect.poll(() => level.getAttribute('data-quality'), { timeout: 20_000 }).toBe('good');

    await simulator.silence(KILLED);
    const row = page.locator(`[data-testid="device-row"][data-device-id="${KILLED}"]`);
    await expect.poll(() => row.getAttribute('data-online'), { timeout: 20_000 }).toBe('false');
    expect(await row.locator('[data-testid="device-state"]').textContent()).toMatch(/OFFLINE/);
    await expect.poll(() => level.getAttribute('data-quality')).toBe('uncertain');
    expect(await level.locator('[data-testid="metric-quality"]').textContent()).toMatch(
      /STALE.*STALE: no communication, last usable value/,
    );
    // A device that still speaks stays good.
    expect(
      await page
        .locator(`[data-testid="device-row"][data-device-id="line2/pump2"]`)
        .getAttribute('data-online'),
    ).toBe('true');
    await page.screenshot({ path: new URL('devices-killed-device.png', ARTIFACTS).pathname });

    // The overview says so too: no tag of the dead device reads as good.
    await page.locator('[data-testid="nav-overview"]').click();
    const card = page.locator(`[data-testid="device-card"][data-device-id="${KILLED}"]`);
    await expect.poll(() => card.getAttribute('data-online')).toBe('false');
    const rows = card.locator('[data-testid="tag-row"]');
    const badges = await card.locator('.tag-badge').allTextContents();
    expect(badges.length).toBe(await rows.count());
    // STALE, or BAD where a value was already bad: never shown as good.
    expect(badges.every((badge) => badge === 'STALE' || badge === 'BAD')).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
