import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startServeProcess, type ServeProcess } from './serveProcess.js';
import { makeTempDir } from './tempDir.js';

/** Screenshots of the end-to-end tests. */
export const ARTIFACTS = new URL('../artifacts/', import.meta.url);

export interface ControlRoom {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Errors the page logged to its console: a test ends by expecting none. */
  consoleErrors: string[];
  /** Closes the browser, stops `serve` with SIGINT (answering its exit code) and removes the data. */
  close(): Promise<number | null>;
}

/**
 * `watchkeeper serve` on an empty data folder (embedded broker, demo plant, unless `args` say
 * otherwise) and its UI open in a real Chromium, as a new user would start.
 */
export async function openControlRoom(prefix: string, args: string[] = []): Promise<ControlRoom> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = makeTempDir(prefix);
  const serve = await startServeProcess(['--data-dir', dir.path, ...args]);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto(serve.url);
  return {
    serve,
    browser,
    page,
    consoleErrors,
    async close() {
      await browser.close();
      const code = await serve.stop('SIGINT');
      dir.remove();
      return code;
    },
  };
}

/** A JSON answer of the served HTTP API; anything but 2xx fails. */
export async function getJson<T>(serve: ServeProcess, path: string): Promise<T> {
  const response = await fetch(serve.url + path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
