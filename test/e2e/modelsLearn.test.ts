import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';

const LEARNED = 'pump1-normal';
const SCORE = `learned/${LEARNED}/score`;
const LEARN_TAGS = ['line1/pump1/vibration', 'line1/pump1/bearing_temp'];
const ZSCORE = 'pump1-vibration-z';
const WATCHED = 'line1/pump1/vibration';

/**
 * Learning normal and the built-in z-score detector on the Models screen, in a real Chromium
 * over `watchkeeper serve` with the demo plant: an engineer picks demo tags and the last
 * minutes, sees their history, learns a baseline that then runs with its score as a tag; and
 * adds a z-score detector for one tag that runs with its outputs as tags.
 */
describe('the Models screen: learn normal and z-score', () => {
  let room: ControlRoom;
  let page: Page;
  const row = (id: string) => page.locator(`[data-testid="model-row"][data-model-id="${id}"]`);
  const tagValue = async (id: string): Promise<unknown> => {
    const listed = await getJson<{ tags: { id: string; value: unknown }[] }>(room.serve, '/api/tags');
    return listed.tags.find((t) => t.id === id)?.value;
  };

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-learn-');
    page = room.page;
    await page.locator('[data-testid="nav-models"]').click();
    await page.locator('[data-testid="models-view"]').waitFor();
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
  });

  it(
    'learns normal from two demo tags over the last minutes, and the baseline runs with its score as a tag',
    { timeout: 180_000 },
    async () => {
      await page.locator('[data-testid="model-learn"]').click();
      const panel = page.locator('[data-testid="learn-normal"]');
      // Not yet: no tags, no name.
      await expect.poll(() => panel.locator('[data-testid="learn-start"]').isDisabled()).toBe(true);
      for (const tag of LEARN_TAGS) {
        await panel.locator('[data-testid="learn-filter"]').fill(tag.replaceAll('/', ' '));
        await panel.locator(`[data-testid="learn-add-tag"][data-tag="${tag}"]`).click();
      }
      expect(await panel.locator('[data-testid="learn-chosen"] li').count()).toBe(2);
      await panel.locator('[data-testid="learn-period"]').selectOption({ label: 'last 2 min' });
      await panel.locator('[data-testid="learn-id"]').fill(LEARNED);
      expect(await panel.locator('[data-testid="learn-problems"]').count()).toBe(0);

      // The period's history is shown; the demo has been writing it since serve started.
      const preview = panel.locator('[data-testid="learn-preview-chart"]');
      await expect
        .poll(() => preview.getAttribute('data-series'), { timeout: 30_000 })
        .toBe(LEARN_TAGS.join('|'));
      expect(await preview.locator('canvas').count()).toBeGreaterThan(0);
      // Enough history to learn from: wait for at least 30 samples of each, re-picking the period.
      await expect
        .poll(
          async () => {
            await panel.locator('[data-testid="learn-period"]').selectOption({ label: 'last 5 min' });
            await panel.locator('[data-testid="learn-period"]').selectOption({ label: 'last 2 min' });
            const counts = ((await preview.getAttribute('data-counts')) ?? '').split('|').map(Number);
            return counts.length === 2 && counts.every((n) => n >= 30);
          },
          { timeout: 90_000, interval: 3_000 },
        )
        .toBe(true);
      await page.screenshot({ path: new URL('models-learn-normal.png', ARTIFACTS).pathname });

      await panel.locator('[data-testid="learn-start"]').click();
      const outcome = panel.locator('[data-testid="learn-outcome"]');
      await outcome.waitFor({ timeout: 60_000 });
      expect(await panel.locator('[data-testid="learn-outcome-file"]').textContent()).toBe(`${LEARNED}.onnx`);
      expect(
        Number.parseFloat((await panel.locator('[data-testid="learn-outcome-limit"]').textContent()) ?? ''),
      ).toBeGreaterThan(0);
      await page.screenshot({ path: new URL('models-learn-outcome.png', ARTIFACTS).pathname });

      await expect.poll(() => row(LEARNED).getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
      expect(await row(LEARNED).textContent()).toContain(`${LEARNED}.onnx`);
      await panel.locator('[data-testid="learn-close"]').click();
      await expect.poll(() => page.locator('[data-testid="model-detail"] h2').textContent()).toBe(LEARNED);
      expect(await page.locator('[data-testid="model-detail"]').textContent()).toContain(SCORE);
      await expect
        .poll(
          async () => {
            const value = await tagValue(SCORE);
            return typeof value === 'number' && Number.isFinite(value);
          },
          { timeout: 30_000 },
        )
        .toBe(true);

      // Learning again under the same name, as new, is refused: the contract's error in words.
      await page.locator('[data-testid="model-learn"]').click();
      for (const tag of LEARN_TAGS) {
        await panel.locator('[data-testid="learn-filter"]').fill(tag);
        await panel.locator(`[data-testid="learn-add-tag"][data-tag="${tag}"]`).click();
      }
      await panel.locator('[data-testid="learn-id"]').fill(LEARNED);
      await panel.locator('[data-testid="learn-start"]').click();
      const error = panel.locator('[data-testid="learn-error"]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toMatch(/^[A-Z_]+: \S/);
      await panel.getByRole('button', { name: 'Cancel' }).click();
    },
  );

  it(
    'adds a z-score detector for a demo tag, checked as typed, and sees it run with its outputs as tags',
    { timeout: 120_000 },
    async () => {
      await page.locator('[data-testid="model-new-zscore"]').click();
      const editor = page.locator('[data-testid="zscore-editor"]');
      await expect.poll(() => editor.locator('[data-testid="zscore-problems"]').count()).toBe(1);
      await editor.locator('[data-testid="zscore-id"]').fill(ZSCORE);
      await editor.locator('[data-testid="zscore-tag"]').fill(WATCHED);
      // The outputs follow the tag.
      expect(await editor.locator('[data-testid="zscore-score-tag"]').inputValue()).toBe(`${WATCHED}_zscore`);
      expect(await editor.locator('[data-testid="zscore-anomaly-tag"]').inputValue()).toBe(
        `${WATCHED}_zanomaly`,
      );
      // A window too short is caught by the contract's schema before any call.
      await editor.locator('[data-testid="zscore-samples"]').fill('2');
      await expect
        .poll(() => editor.locator('[data-testid="zscore-problems"]').textContent())
        .toContain('samples:');
      expect(await editor.locator('[data-testid="zscore-save"]').isDisabled()).toBe(true);
      await editor.locator('[data-testid="zscore-samples"]').fill('20');
      await editor.locator('[data-testid="zscore-fits"]').waitFor();
      await editor.locator('[data-testid="zscore-save"]').click();

      await expect.poll(() => row(ZSCORE).getAttribute('data-state'), { timeout: 60_000 }).toBe('running');
      expect(await row(ZSCORE).textContent()).toContain(`z-score of ${WATCHED}`);
      await expect
        .poll(
          async () => {
            const score = await tagValue(`${WATCHED}_zscore`);
            const anomaly = await tagValue(`${WATCHED}_zanomaly`);
            return typeof score === 'number' && (anomaly === 0 || anomaly === 1);
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      await page.screenshot({ path: new URL('models-zscore.png', ARTIFACTS).pathname });

      // Edited: the stored detector opens in its editor, the id fixed, and saves as a new version.
      await expect.poll(() => page.locator('[data-testid="model-detail"] h2').textContent()).toBe(ZSCORE);
      await page.locator('[data-testid="model-edit"]').click();
      expect(await editor.locator('[data-testid="zscore-id"]').getAttribute('readonly')).not.toBeNull();
      await editor.locator('[data-testid="zscore-threshold"]').fill('3');
      await editor.locator('[data-testid="zscore-save"]').click();
      await expect.poll(() => page.locator('[data-testid="model-versions"] li').count()).toBe(2);
      expect(await page.locator('[data-testid="model-versions"]').textContent()).toContain('edited');
      expect(room.consoleErrors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
    },
  );
});
