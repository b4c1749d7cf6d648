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
});
