import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateLabel, type EventsResult, type Tag } from '../../shared/domain.js';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';
import type { ServeProcess } from '../helpers/serveProcess.js';

const STATE = 'line1/pump1/state';
const BATCH = 'line1/conveyor1/batch';

/**
 * The demo plant's enum and string tags in the real UI: a pump's state reads as its name in the
 * Overview and on a trend, and a line's batch is listed as events, never drawn as a pen.
 */
describe('enum and string tags in the control room', () => {
  let room: ControlRoom;
  let serve: ServeProcess;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-text-');
    ({ serve, page, consoleErrors } = room);
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
  });

  it("shows a pump's state by name in the Overview, as the server knows it", async () => {
    const value = page.locator(`[data-testid="tag-row"][data-tag-id="${STATE}"] [data-testid="tag-value"]`);
    await expect.poll(() => value.textContent(), { timeout: 20_000 }).toMatch(/^(Stopped|Running|Tripped)$/);
    // The label the page shows is the label of the value the server holds (polled: it may change).
    await expect
      .poll(async () => {
        const tag = await currentTag(serve, STATE);
        return (await value.textContent()) === stateLabel(tag.states, tag.value as number);
      })
      .toBe(true);
    const batch = page.locator(`[data-testid="tag-row"][data-tag-id="${BATCH}"] [data-testid="tag-value"]`);
    await expect.poll(() => batch.textContent(), { timeout: 20_000 }).toMatch(/^B\d+ /);
    expect(await batch.getAttribute('title')).toBe(await batch.textContent());
    await page.screenshot({ path: new URL('overview-states.png', ARTIFACTS).pathname });
  });

  it('lists the batch of the line as events on the Trends screen, and does not make it a pen', async () => {
    await page.locator(`[data-testid="tag-row"][data-tag-id="${BATCH}"]`).click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/trends');
    const panel = page.locator('[data-testid="events-panel"]');
    const texts = panel.locator('[data-testid="event-text"]');
    await expect.poll(() => texts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const now = Date.now();
    const events = await getJson<EventsResult>(
      serve,
      `/api/events?tag=${BATCH}&from=${now - 600_000}&to=${now}`,
    );
    expect(await texts.first().textContent()).toBe(events.events[0]?.text);
    expect(await texts.first().getAttribute('title')).toBe(events.events[0]?.text);
    expect(await page.locator('[data-testid="pen-legend-row"]').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Events' }).count()).toBe(1);
    await page.screenshot({ path: new URL('events-panel.png', ARTIFACTS).pathname });
  });

  it('draws the pump state as a pen whose crosshair reading is a state name', async () => {
    const search = page.locator('[data-testid="pen-search"]');
    await search.fill(STATE);
    await page.locator(`[data-testid="pen-option"][data-tag-id="${STATE}"] input`).check({ timeout: 15_000 });
    await search.fill('');
    const chart = page.locator('[data-testid="trend-chart"]');
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await chart.getAttribute('data-axes')).toBe('P1');
    const box = await chart.locator('.u-over').boundingBox();
    if (!box) throw new Error('the plot is not on screen');
    await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
    const reading = page.locator('[data-testid="trend-readout-value"]');
    await expect
      .poll(() => reading.first().textContent(), { timeout: 10_000 })
      .toMatch(/^(Stopped|Running|Tripped)$/);
    await page.screenshot({ path: new URL('enum-pen.png', ARTIFACTS).pathname });
    expect(consoleErrors).toEqual([]);
  });
});

async function currentTag(serve: ServeProcess, id: string): Promise<Tag> {
  const { tags } = await getJson<{ tags: Tag[] }>(serve, '/api/tags');
  const tag = tags.find((t) => t.id === id);
  if (!tag) throw new Error(`${id} is not listed`);
  return tag;
}
