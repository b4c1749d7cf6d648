import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';
import { classifierModel } from '../helpers/onnxModels.js';

const BEARING = 'bearing-line1-pump1';
const MINE = 'pump1-classifier';
const PROBABILITY = 'line1/pump1/failure_probability';
const FEATURES = ['line1/pump1/vibration', 'line1/pump1/flow', 'line1/pump1/speed_setpoint'];

/**
 * The Models screen in a real Chromium over `watchkeeper serve` with the demo plant and the
 * real onnxruntime: the shipped bearing bindings run with their statistics; an engineer adds a
 * classifier of their own from a file, binds it to demo tags, test-runs it over history with a
 * plot, saves it and sees it run; a corrupt file is refused.
 */
describe('the Models screen', () => {
  let room: ControlRoom;
  let page: Page;
  const row = (id: string) => page.locator(`[data-testid="model-row"][data-model-id="${id}"]`);

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-models-');
    page = room.page;
    await page.locator('[data-testid="nav-models"]').click();
    await page.locator('[data-testid="models-view"]').waitFor();
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
  });

  it("lists the demo's bearing bindings running, with their statistics", async () => {
    // It waits for a full window of history (60 s) before its first run.
    await expect.poll(() => row(BEARING).getAttribute('data-state'), { timeout: 120_000 }).toBe('running');
    await expect
      .poll(async () => (await row(BEARING).locator('[data-testid="model-rate"]').textContent()) ?? '', {
        timeout: 30_000,
      })
      .toMatch(/^(?!0\.00)\d+(\.\d+)?\/s$/);
    expect(await row(BEARING).textContent()).toContain('pump_bearing.onnx');
    expect(await row(BEARING).locator('[data-testid="model-errors"]').textContent()).toBe('0');
    await row(BEARING).locator('button').click();
    await expect.poll(() => page.locator('[data-testid="model-detail"] h2').textContent()).toBe(BEARING);
  }, 180_000);

  it('refuses a corrupt model file with the reason', async () => {
    await page.locator('[data-testid="model-upload"]').setInputFiles({
      name: 'broken.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a model, just text'),
    });
    const message = page.locator('[data-testid="model-upload-message"]');
    await expect.poll(() => message.getAttribute('role')).toBe('alert');
    expect(await message.textContent()).toMatch(/^broken\.onnx is not a model onnxruntime can load: /);
    // Nothing to bind: the editor does not open for a refused file.
    expect(await page.locator('[data-testid="binding-editor"]').count()).toBe(0);
  });

  it(
    'binds an uploaded classifier, test-runs it with a plot, saves it and sees it run',
    { timeout: 120_000 },
    async () => {
      await page.locator('[data-testid="model-upload"]').setInputFiles({
        name: 'pump_classifier.onnx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(classifierModel(FEATURES.length)),
      });
      await expect
        .poll(() => page.locator('[data-testid="model-upload-message"]').textContent())
        .toContain('pump_classifier.onnx added');
      const editor = page.locator('[data-testid="binding-editor"]');
      await expect
        .poll(() => editor.locator('[data-testid="model-signature"]').textContent())
        .toContain('features float32 [1, 3]');
      await editor.locator('[data-testid="binding-id"]').fill(MINE);
      // Not yet fitting: one input for a model that takes three values, and no output chosen.
      await expect.poll(() => editor.locator('[data-testid="binding-problems"]').count()).toBe(1);
      await editor.locator('[data-testid="add-input"]').click();
      await editor.locator('[data-testid="add-input"]').click();
      const tags = editor.locator('[data-testid="input-tag"]');
      for (const [index, tag] of FEATURES.entries()) await tags.nth(index).fill(tag);
      await editor.locator('[data-testid="output-name"]').selectOption('probabilities');
      await editor.locator('[data-testid="output-index"]').fill('1');
      await editor.locator('[data-testid="output-tag"]').fill(PROBABILITY);
      await editor.locator('[data-testid="output-low"]').fill('0');
      await editor.locator('[data-testid="output-high"]').fill('1');
      await editor.locator('[data-testid="binding-fits"]').waitFor();
      // An index past the two probabilities is caught against the signature before any call.
      await editor.locator('[data-testid="output-index"]').fill('2');
      await expect
        .poll(() => editor.locator('[data-testid="binding-problems"]').textContent())
        .toContain('index 2 is past them');
      await editor.locator('[data-testid="output-index"]').fill('1');

      await editor.locator('[data-testid="test-run-start"]').click();
      const chart = editor.locator('[data-testid="test-run-chart"]');
      await expect
        .poll(async () => Number(await chart.getAttribute('data-runs')), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(await chart.getAttribute('data-series')).toBe([...FEATURES, PROBABILITY].join('|'));
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
      expect(await editor.locator('[data-testid="test-run-summary"]').textContent()).toMatch(
        new RegExp(`${PROBABILITY}: \\d+ of \\d+ runs good`),
      );
      await page.screenshot({ path: new URL('models-test-run.png', ARTIFACTS).pathname });

      await editor.locator('[data-testid="binding-save"]').click();
      await expect.poll(() => row(MINE).getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
      await expect
        .poll(async () => (await row(MINE).textContent()) ?? '', { timeout: 30_000 })
        .toContain('pump_classifier.onnx');
      await expect.poll(() => page.locator('[data-testid="model-versions"] li').count()).toBe(1);
      expect(await page.locator('[data-testid="model-versions"]').textContent()).toContain('v1 created');
      // Its output is a tag like any other, with a probability in range.
      await expect
        .poll(
          async () => {
            const listed = await getJson<{ tags: { id: string; value: unknown }[] }>(room.serve, '/api/tags');
            const value = listed.tags.find((t) => t.id === PROBABILITY)?.value;
            return typeof value === 'number' && value >= 0 && value <= 1;
          },
          { timeout: 30_000 },
        )
        .toBe(true);

      // Disabling it says so in words.
      await page.locator('[data-testid="model-enable"]').click();
      await expect.poll(() => row(MINE).getAttribute('data-state')).toBe('disabled');
      expect(await row(MINE).textContent()).toContain('DISABLED');
      // The one error the page logged is the browser's note of the corrupt upload's refusal (400).
      expect(room.consoleErrors.filter((e) => !e.includes('status of 400 (Bad Request)'))).toEqual([]);
      expect(room.consoleErrors.length).toBeLessThanOrEqual(1);
    },
  );
});
