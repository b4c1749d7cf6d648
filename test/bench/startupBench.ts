import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../helpers/chromium.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, withBaseline, type BenchResult } from './benchResult.js';

const BIN = fileURLToPath(new URL('../../out/electron/bin.js', import.meta.url));

/**
 * From `watchkeeper serve` on an empty data folder to live demo values on screen in Chromium,
 * beside the time until the server answers HTTP (the part the UI cannot be faster than).
 * Chromium is launched beforehand: a desktop user's window is not part of our start-up either.
 */
export async function measureStartup(log: (line: string) => void): Promise<BenchResult[]> {
  const browser = await launchChromium();
  const dir = makeTempDir('wk-bench-start-');
  const page = await browser.newPage();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir.path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`serve exited:\n${output}`)));
    });
    const httpReady = performance.now() - started;
    await page.goto(url);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="tag-value"]')].some((el) =>
          /\d/.test(el.textContent ?? ''),
        ),
      undefined,
      { timeout: 30_000, polling: 20 },
    );
    const liveValues = performance.now() - started;
    log(
      `  start-up: HTTP ready after ${httpReady.toFixed(0)} ms, live values on screen after ${liveValues.toFixed(0)} ms`,
    );
    return [
      withBaseline(
        {
          name: 'startup.live_values_ms',
          value: round(liveValues, 0),
          unit: 'ms',
          target: '≤ 3000',
          note: 'serve on an empty data folder → first live value in Chromium',
        },
        round(httpReady, 0),
        'startup.http_ready_ms',
      ),
    ];
  } finally {
    child.kill('SIGINT');
    await browser.close();
    dir.remove();
  }
}
