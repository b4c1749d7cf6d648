import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';

const SETPOINT = 'line1/pump1/speed_setpoint';

/**
 * An engineer writes a pump's speed setpoint from the Devices screen of a real Chromium, over
 * `watchkeeper serve` with the demo plant (whose devices obey writes): through the confirmation,
 * by keyboard, until the device's own report of the new value shows the command echoed.
 */
describe('writing a setpoint from the Devices screen', () => {
  let room: ControlRoom;

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-commands-');
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
  });

  it('confirms the target, old and new value, sends, and shows the echo and the journal', async () => {
    const { page } = room;
    await page.locator('[data-testid="nav-devices"]').click();
    await page.locator('[data-testid="device-row"][data-device-id="line1/pump1"] button').click();
    const row = page.locator(`[data-testid="metric-row"][data-tag-id="${SETPOINT}"]`);
    await expect
      .poll(() => row.locator('[data-testid="metric-value"]').textContent(), { timeout: 20_000 })
      .toMatch(/100/);
    // Only writable metrics offer Write…: the flow meter does not.
    expect(
      await page
        .locator('[data-testid="metric-row"][data-tag-id="line1/pump1/flow"] [data-testid="metric-write"]')
        .count(),
    ).toBe(0);

    await row.locator('[data-testid="metric-write"]').click();
    const dialog = page.locator('[data-testid="write-dialog"]');
    await page.keyboard.type('62.5'); // the value field has the focus
    await page.keyboard.press('Enter');
    const confirmation = dialog.locator('[data-testid="write-confirmation"]');
    await confirmation.waitFor();
    expect(await confirmation.locator('[data-testid="write-target"]').textContent()).toMatch(
      /metric speed_setpoint \(Double\) on spBv1\.0\/factory\/DCMD\/line1\/pump1 via broker embedded/,
    );
    expect(await confirmation.locator('[data-testid="write-current"]').textContent()).toMatch(
      /^100 % — .*good/i,
    );
    expect(await confirmation.locator('[data-testid="write-new"]').textContent()).toBe('62.5 %');
    expect(await confirmation.locator('[data-testid="write-delivery"]').textContent()).toMatch(
      /MQTT 3\.1\.1: .*never queued/,
    );
    await page.screenshot({ path: fileURLToPath(new URL('commands-confirmation.png', ARTIFACTS)) });

    await page.keyboard.press('Enter'); // Confirm has the focus
    const outcome = dialog.locator('[data-testid="write-outcome"]');
    await expect.poll(() => outcome.getAttribute('data-outcome'), { timeout: 20_000 }).toBe('echoed');
    expect(await outcome.textContent()).toMatch(/ECHOED: the device reports the new value/);
    await expect.poll(() => row.locator('[data-testid="metric-value"]').textContent()).toMatch(/62\.5/);
    const journalRow = page.locator('[data-testid="command-journal"] [data-testid="command-row"]').first();
    expect(await journalRow.getAttribute('data-outcome')).toBe('echoed');
    expect(await journalRow.textContent()).toMatch(/speed_setpoint.*100 → 62\.5/);
    await page.screenshot({ path: fileURLToPath(new URL('commands-echoed.png', ARTIFACTS)) });

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(room.consoleErrors).toEqual([]);
  });
});
