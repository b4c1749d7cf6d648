import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../shared/domain.js';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';

/**
 * An engineer maps a gateway's own JSON: pastes a message into the Mappings screen, sees the
 * tags it would make under the rule being written, saves the rule, and sees why a topic no rule
 * matches makes nothing. The real UI in a real Chromium against `watchkeeper serve`.
 */
describe('the Mappings screen in the browser', () => {
  let room: ControlRoom;

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-mappings-');
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
  });

  it('is reached from the nav rail and lists the shipped rule', async () => {
    const { page } = room;
    await page.locator('[data-testid="nav-mappings"]').click();
    const rules = page.locator('[data-testid="mapping-rules"] li');
    await expect
      .poll(() => rules.allInnerTexts())
      .toEqual([expect.stringContaining('factory/{area}/{device}/{tag#}')]);
  });

  it('previews a pasted payload under the rule being edited: one tag per named reading', async () => {
    const { page } = room;
    await page.locator('[data-testid="preview-topic"]').fill('plant/north/gw1/telemetry');
    await page.locator('[data-testid="preview-payload"]').fill(
      JSON.stringify({
        readings: [
          { name: 'flow', value: 12.5, unit: 'm3/h' },
          { name: 'pressure', value: 4.25, unit: 'bar' },
          { name: 'mode', value: 'AUTO' },
        ],
      }),
    );
    await page.locator('[data-testid="preview-run"]').click();
    const rows = page.locator('[data-testid="preview-result"] tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)),
    );
    expect(cells).toEqual([
      ['north/gw1/flow', '12.5', 'm3/h', 'good'],
      ['north/gw1/pressure', '4.25', 'bar', 'good'],
      ['north/gw1/mode', 'AUTO', '', 'good'],
    ]);
    await page.screenshot({ path: new URL('mappings-preview.png', ARTIFACTS).pathname });
  });

  it('shows every problem of a broken rule and keeps Save off', async () => {
    const { page } = room;
    const editor = page.locator('[data-testid="rule-text"]');
    const good = await editor.inputValue();
    await editor.fill(good.replace('"plant/{area}/{device}/telemetry"', '"plant/#/{device}"'));
    await expect
      .poll(() => page.locator('[data-testid="rule-problems"] li').allInnerTexts())
      .toEqual(['topic: "#" may only be the last level']);
    expect(await page.locator('[data-testid="rule-save"]').isDisabled()).toBe(true);
    await editor.fill(good);
    await page.locator('[data-testid="rule-save"]').click();
    await expect
      .poll(() => page.locator('[data-testid="mappings-note"]').textContent())
      .toContain('Saved “New rule”');
    await expect.poll(() => page.locator('[data-testid="mapping-rules"] li').count()).toBe(2);
  });

  it('says why a topic makes nothing under the saved rules', async () => {
    const { page } = room;
    await page.locator('.mapping-preview input[type="checkbox"]').uncheck();
    await page.locator('[data-testid="preview-topic"]').fill('plant/north');
    await page.locator('[data-testid="preview-run"]').click();
    await expect
      .poll(() => page.locator('[data-testid="preview-problems"] li').allInnerTexts())
      .toEqual([
        expect.stringContaining(
          '(factory/{area}/{device}/{tag#}): level 1 is "plant" where the pattern has "factory"',
        ),
        expect.stringContaining(
          '(plant/{area}/{device}/telemetry): the topic has 2 levels; the pattern needs at least 3',
        ),
      ]);
    expect(await page.locator('[data-testid="preview-result"]').textContent()).toContain(
      'No rule matches this topic.',
    );
  });

  it('captures a live message no rule matches and makes a rule from it', async () => {
    const { page, serve } = room;
    await page.locator('[data-testid="fallback-toggle"]').click();
    await expect
      .poll(() => page.locator('[data-testid="fallback-toggle"]').textContent())
      .toBe('Stop capturing');
    const { broker } = await getJson<Health>(serve, '/api/health');
    const device = await mqtt.connectAsync(broker.url, { clientId: 'e2e-gateway' });
    try {
      // Retained: the app gets it whenever its capture subscription is in place.
      await device.publishAsync(
        'boilers/house2/boiler7',
        JSON.stringify({ ts: Date.now(), water: { temp: 71.5 } }),
        {
          retain: true,
        },
      );
      const entries = page.locator('[data-testid="unmapped-list"] li');
      await expect
        .poll(async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return entries.allInnerTexts();
        })
        .toEqual([expect.stringContaining('boilers/house2/boiler7')]);
      await entries.first().getByRole('button', { name: 'Make a rule from this' }).click();
      expect(JSON.parse(await page.locator('[data-testid="rule-text"]').inputValue())).toMatchObject({
        topic: 'boilers/{area}/{device}',
        points: [{ value: '$.water.temp', tag: 'water/temp', timestamp: { path: '$.ts' } }],
      });
      await page.locator('.mapping-preview input[type="checkbox"]').check();
      await page.locator('[data-testid="preview-run"]').click();
      await expect
        .poll(() => page.locator('[data-testid="preview-result"] tbody td').first().textContent())
        .toBe('house2/boiler7/water/temp');
    } finally {
      await device.publishAsync('boilers/house2/boiler7', '', { retain: true }); // clears the retained message
      await device.endAsync();
    }
    expect(room.consoleErrors).toEqual([]);
  });
});
