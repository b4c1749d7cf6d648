import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { storedTag, writeHistory, type SampleBatch } from '../helpers/historyData.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';

const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const TAGS = ['line1/pump1/flow', 'line1/pump1/current'];
const DAY = 86_400_000;

/** A day of both tags at one sample per second, ending now. */
function* lastDay(end: number): Generator<SampleBatch> {
  const start = end - DAY;
  const rows = 3_600;
  for (let hour = 0; hour < 24; hour++) {
    const batch = {
      count: rows * 2,
      tagKeys: [] as number[],
      ts: [] as number[],
      values: [] as number[],
      qualities: [] as number[],
    };
    for (let s = 0; s < rows; s++) {
      const ts = start + (hour * rows + s) * 1000;
      batch.tagKeys.push(1, 2);
      batch.ts.push(ts, ts);
      batch.values.push(50 + 10 * Math.sin(ts / 600_000), 12 + (s % 7) / 10);
      batch.qualities.push(0, 0);
    }
    yield batch;
  }
}

/**
 * Exporting the trend's range as CSV in the real UI: raw and at the chart's resolution, saved as
 * a download (Blob) or streamed into a file the File System Access API gives, with progress, and
 * a Cancel that keeps nothing. The server is `watchkeeper serve` on a history written beforehand.
 */
describe('exporting a trend as CSV', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const dir = makeTempDir('wk-e2e-csv-');

  beforeAll(async () => {
    await writeHistory(
      dir.path,
      TAGS.map((id, i) => storedTag(i + 1, id)),
      lastDay(Math.floor(Date.now() / 1000) * 1000),
    );
    serve = await startServeProcess(['--data-dir', dir.path, '--no-demo']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    expect(await serve?.stop('SIGINT')).toBe(0);
    dir.remove();
  });

  /** The trends view with both pens over the last 24 h; `picker` keeps or hides showSaveFilePicker. */
  async function trendOfLastDay(
    picker: 'download' | 'opfs',
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      acceptDownloads: true,
    });
    await context.addInitScript((mode) => {
      const w = window as unknown as Record<string, unknown>;
      if (mode === 'download') {
        // Chromium has the picker but headless cannot show it: take the Blob download path.
        w.showSaveFilePicker = undefined;
      } else {
        // The real File System Access API on the origin-private file system; only the dialog is left out.
        w.showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) =>
          (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
      }
    }, picker);
    const page = await context.newPage();
    await page.goto(`${serve.url}/#/trends`);
    for (const id of TAGS) {
      await page.fill('[data-testid="pen-search"]', id);
      await page.click(`[data-testid="pen-option"][data-tag-id="${id}"]`);
    }
    await page.click('[data-testid="mode-history"]');
    await page.click('[data-testid="history-24h"]');
    await expect.poll(() => page.getAttribute('[data-testid="trend-chart"]', 'data-points')).not.toBe('0');
    return { context, page };
  }

  const result = (page: Page) => page.locator('[data-testid="export-result"]');

  async function exportAndDownload(page: Page, choice: 'raw' | 'resolution'): Promise<string[]> {
    await page.click('[data-testid="export-csv"]');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.click(`[data-testid="export-csv-${choice}"]`),
    ]);
    const path = await (download as Download).path();
    return readFileSync(path, 'utf8').split('\r\n').slice(0, -1);
  }

  it('downloads every raw sample of the range and says it is complete', async () => {
    const { context, page } = await trendOfLastDay('download');
    const lines = await exportAndDownload(page, 'raw');
    expect(lines[0]).toBe('timestamp,tag,value,quality,quality_code');
    const rows = lines.length - 1;
    // The last 24 h, taken at the click: about every sample of both tags.
    expect(rows).toBeGreaterThan(2 * 86_000);
    expect(rows).toBeLessThanOrEqual(2 * 86_401);
    const times = lines.slice(1).map((line) => Date.parse(line.slice(0, 24)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    await expect.poll(() => result(page).getAttribute('data-phase')).toBe('saved');
    expect(await result(page).textContent()).toContain(`${rows.toLocaleString('en-US')} rows (100 %)`);
    await page.screenshot({ path: new URL('csv-export-saved.png', ARTIFACTS).pathname });
    await context.close();
  });

  it("downloads one row per interval and pen at the chart's resolution", async () => {
    const { context, page } = await trendOfLastDay('download');
    await page.click('[data-testid="export-csv"]');
    const label = await page.textContent('[data-testid="export-csv-resolution"]');
    const [, amount, unit] = /\((\d+) (s|min|h)\)/.exec(label ?? '') ?? [];
    const interval = Number(amount) * { s: 1_000, min: 60_000, h: 3_600_000 }[unit as 's' | 'min' | 'h'];
    await page.click('[data-testid="export-csv"]');
    const lines = await exportAndDownload(page, 'resolution');
    expect(lines[0]).toBe('timestamp,tag,avg,min,max,last,count,pctGood,quality,quality_code');
    const starts = lines.slice(1).map((line) => Date.parse(line.slice(0, 24)));
    expect(starts.every((ts) => ts % interval === 0)).toBe(true);
    expect(lines.slice(1, 3).map((line) => line.split(',')[1])).toEqual(TAGS);
    expect(lines.length - 1).toBe(2 * Math.round(DAY / interval + 1));
    await expect.poll(() => result(page).getAttribute('data-phase')).toBe('saved');
    await context.close();
  });

  it('shows progress and keeps nothing when cancelled, and the server answers the next export', async () => {
    const { context, page } = await trendOfLastDay('download');
    const downloads: Download[] = [];
    page.on('download', (download) => downloads.push(download));
    // A slow link, so the export is still under way when Cancel is pressed.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 200_000,
      uploadThroughput: -1,
    });
    await page.click('[data-testid="export-csv"]');
    await page.click('[data-testid="export-csv-raw"]');
    const progress = page.locator('[data-testid="export-progress"]');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-rows')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await progress.textContent()).toMatch(/rows · \d+ %/);
    await page.screenshot({ path: new URL('csv-export-progress.png', ARTIFACTS).pathname });
    await page.click('[data-testid="export-cancel"]');
    await expect.poll(() => result(page).getAttribute('data-phase')).toBe('cancelled');
    expect(await result(page).textContent()).toMatch(/cancelled/);
    await expect
      .poll(() => serve.output(), { timeout: 20_000 })
      .toMatch(/CSV export cancelled by the client/);
    expect(downloads).toEqual([]);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const lines = await exportAndDownload(page, 'resolution');
    expect(lines.length).toBeGreaterThan(2);
    await context.close();
  });

  it('streams straight into the file the save picker gives, and removes it when cancelled', async () => {
    const { context, page } = await trendOfLastDay('opfs');
    const files = () =>
      page.evaluate(async () => {
        const found: Record<string, number> = {};
        for await (const [
          name,
          handle,
        ] of (await navigator.storage.getDirectory()) as unknown as AsyncIterable<
          [string, FileSystemFileHandle]
        >)
          found[name] = (await handle.getFile()).size;
        return found;
      });
    await page.click('[data-testid="export-csv"]');
    await page.click('[data-testid="export-csv-raw"]');
    await expect.poll(() => result(page).getAttribute('data-phase'), { timeout: 30_000 }).toBe('saved');
    const saved = await files();
    const [name] = Object.keys(saved);
    expect(name).toMatch(/^trend-\d{8}-\d{4}_\d{8}-\d{4}\.csv$/);
    const text = await page.evaluate(
      async (file) =>
        (await (await (await navigator.storage.getDirectory()).getFileHandle(file)).getFile()).text(),
      name!,
    );
    const rows = text.split('\r\n').length - 2;
    expect(await result(page).textContent()).toContain(`${rows.toLocaleString('en-US')} rows`);
    await page.evaluate(async (file) => (await navigator.storage.getDirectory()).removeEntry(file), name!);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 200_000,
      uploadThroughput: -1,
    });
    await page.click('[data-testid="export-csv"]');
    await page.click('[data-testid="export-csv-raw"]');
    const progress = page.locator('[data-testid="export-progress"]');
    await expect
      .poll(async () => Number(await progress.getAttribute('data-rows')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.click('[data-testid="export-cancel"]');
    await expect.poll(() => result(page).getAttribute('data-phase')).toBe('cancelled');
    expect(await files()).toEqual({});
    await context.close();
  });
});
