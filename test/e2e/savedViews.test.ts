import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);

/**
 * An operator sets up a trend, saves it as a view, and finds it again after the page reloads:
 * the real UI in a real Chromium against `watchkeeper serve` with the demo plant.
 */
describe('saved trend views in the browser', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const dir = makeTempDir('wk-e2e-views-');
  const consoleErrors: string[] = [];
  const legendPens = () =>
    page
      .locator('[data-testid="pen-legend-row"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-tag-id')));

  beforeAll(async () => {
    serve = await startServeProcess(['--data-dir', dir.path]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${serve.url}/#/trends`);
  });

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop('SIGINT')).toBe(0);
    dir.remove();
  });

  it('saves the trend as a view, and after a reload opens it with the same pens and window', async () => {
    await page.locator('[data-testid="pen-search"]').fill('line3/pump3/');
    const options = page.locator('[data-testid="pen-option"] input');
    await expect.poll(() => options.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    await options.nth(0).check();
    await options.nth(1).check();
    await page.locator('[data-testid="window-60"]').click();
    const pens = await legendPens();
    expect(pens).toHaveLength(2);

    await page.locator('[data-testid="views-toggle"]').click();
    await page.locator('[data-testid="view-name"]').fill('Pump 3 watch');
    await page.locator('[data-testid="view-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="view-saved"]').textContent())
      .toBe('Saved “Pump 3 watch”.');

    await page.reload();
    await expect.poll(() => page.locator('[data-testid="trends"]').count()).toBe(1);
    expect(await legendPens()).toEqual([]);
    await page.locator('[data-testid="views-toggle"]').click();
    const saved = page.locator('[data-testid="saved-view"][data-view-name="Pump 3 watch"]');
    await saved.locator('[data-testid="view-open"]').click();
    await expect.poll(legendPens).toEqual(pens);
    expect(await page.locator('[data-testid="window-60"]').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: new URL('saved-view-opened.png', ARTIFACTS).pathname });
  });

  it('overwrites a view only after asking, and deletes one only after a confirming click', async () => {
    const [first] = await legendPens();
    await page.getByRole('button', { name: `Remove pen ${first}` }).click();
    await page.locator('[data-testid="views-toggle"]').click();
    // The view last opened is offered by name, so saving again means overwriting it.
    expect(await page.locator('[data-testid="view-name"]').inputValue()).toBe('Pump 3 watch');
    await page.locator('[data-testid="view-save"]').click();
    await page.locator('[data-testid="view-overwrite"]').click();
    await expect
      .poll(() => page.locator('[data-testid="view-saved"]').textContent())
      .toBe('Saved “Pump 3 watch”.');
    const row = page.locator('[data-testid="saved-view"]');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/1 pen · live, last 1 h/);

    await row.locator('[data-testid="view-delete"]').click();
    expect(await row.count()).toBe(1);
    await page.screenshot({ path: new URL('saved-view-delete.png', ARTIFACTS).pathname });
    await row.locator('[data-testid="view-delete-confirm"]').click();
    await expect
      .poll(() => page.locator('[data-testid="saved-views"]').textContent())
      .toMatch(/No saved views yet/);
    expect(consoleErrors).toEqual([]);
  });

  it("keeps a pen's colour and fixed axis in a saved view, and the chart draws them after a reload", async () => {
    const chart = page.locator('[data-testid="trend-chart"]');
    const attr = (name: string) => () => chart.getAttribute(name);
    if ((await page.locator('[data-testid="views-toggle"]').getAttribute('aria-expanded')) === 'true') {
      await page.locator('[data-testid="views-toggle"]').click();
    }
    await page.getByRole('button', { name: 'Clear pens' }).click();
    await page.locator('[data-testid="pen-search"]').fill('line3/pump3/');
    const option = (name: string) =>
      page.locator(`[data-testid="pen-option"][data-tag-id="line3/pump3/${name}"] input`);
    await option('flow').check();
    await option('discharge_pressure').check();
    // The plant started seconds ago: a one-minute window shows its lines across the chart.
    await page.locator('[data-testid="window-1"]').click();
    await expect.poll(attr('data-axis-ranges')).toBe('engineering 0…200|engineering 0…16');
    const rows = page.locator('[data-testid="pen-legend-row"]');

    // P1 in wine, picked from the palette by name.
    await rows.nth(0).locator('[data-testid="pen-style-toggle"]').click();
    await page.getByRole('radio', { name: /^Wine/ }).check();
    await expect.poll(attr('data-pen-colours')).toMatch(/^#6e2c4a\|/);
    expect((await attr('data-axis-colours')())?.split('|')[0]).toBe('#6e2c4a');
    expect(await rows.nth(0).getAttribute('data-colour')).toBe('#6e2c4a');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="pen-style"]').count()).toBe(0);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(await focused()).toBe('pen-style-toggle');

    // P2 on a fixed axis: a wrong one is refused in words and changes nothing.
    await rows.nth(1).locator('[data-testid="pen-style-toggle"]').click();
    const panel = rows.nth(1).locator('[data-testid="pen-style"]');
    const min = panel.locator('[data-testid="pen-axis-min"]');
    const max = panel.locator('[data-testid="pen-axis-max"]');
    await min.fill('8');
    await max.fill('2');
    await panel.locator('[data-testid="pen-axis-apply"]').click();
    expect(await panel.locator('[data-testid="pen-axis-error"]').textContent()).toBe(
      'The minimum must be below the maximum. The axis stays as it was.',
    );
    expect(await max.getAttribute('aria-invalid')).toBe('true');
    expect(await attr('data-axis-ranges')()).toBe('engineering 0…200|engineering 0…16');
    await min.fill('-2');
    await max.fill('12.5');
    await max.press('Enter');
    await expect.poll(attr('data-axis-ranges')).toBe('engineering 0…200|fixed -2…12.5');
    expect(await panel.locator('[data-testid="pen-axis-error"]').count()).toBe(0);
    expect(await rows.nth(1).locator('[data-testid="pen-axis-summary"]').textContent()).toBe(
      'fixed -2 – 12.5',
    );
    await page.screenshot({ path: new URL('pen-style.png', ARTIFACTS).pathname });
    const drawn = { colours: await attr('data-pen-colours')(), axes: await attr('data-axes')() };

    await page.locator('[data-testid="views-toggle"]').click();
    await page.locator('[data-testid="view-name"]').fill('Pump 3 styled');
    await page.locator('[data-testid="view-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="view-saved"]').textContent())
      .toBe('Saved “Pump 3 styled”.');

    await page.reload();
    await expect.poll(() => page.locator('[data-testid="trends"]').count()).toBe(1);
    await page.locator('[data-testid="views-toggle"]').click();
    const saved = page.locator('[data-testid="saved-view"][data-view-name="Pump 3 styled"]');
    await saved.locator('[data-testid="view-open"]').click();
    await expect.poll(attr('data-axis-ranges')).toBe('engineering 0…200|fixed -2…12.5');
    expect({ colours: await attr('data-pen-colours')(), axes: await attr('data-axes')() }).toEqual(drawn);
    expect(await rows.nth(0).getAttribute('data-colour')).toBe('#6e2c4a');

    // The crosshair readout names P1 in its colour too.
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    await page.mouse.move(box.x + box.width * 0.93, box.y + box.height / 2);
    const mark = page.locator('[data-testid="trend-readout-pen"]').first().locator('.pen-mark');
    await expect.poll(() => mark.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(110, 44, 74)');
    await page.screenshot({ path: new URL('pen-style-restored.png', ARTIFACTS).pathname });
    expect(consoleErrors).toEqual([]);
  });
});
