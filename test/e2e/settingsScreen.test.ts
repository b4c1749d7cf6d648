import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import type { AppServer } from '../../electron/server/appServer.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { DEFAULT_ALARM_SETTINGS, type AlarmSettings } from '../../shared/alarms.js';
import { alarmSiteFile, plantPublisher } from '../helpers/alarmSite.js';
import { launchChromium } from '../helpers/chromium.js';
import { ARTIFACTS } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { startViewerServer } from '../helpers/viewerServer.js';
import { connectWs } from '../helpers/wsClient.js';

const TAG = 'boiler/b1/temp';
const shot = (page: Page, name: string) => page.screenshot({ path: new URL(name, ARTIFACTS).pathname });

/**
 * The Settings screen in a real Chromium at 1280×800 over the real runtime (config.db, the alarm
 * engine, a Mosquitto with a boiler whose temperature has a high-priority limit): an engineer
 * opens it from the keyboard, is refused a journal retention of 0 days with the reason and
 * nothing saved, makes high-priority acknowledgements need a comment and limits their shelving
 * to 30 minutes, saves, and reads the change in the history; a save over a version saved
 * elsewhere since is refused; the alarm dialogs then hold to the new rules; a viewer sees the
 * settings read-only.
 */
describe('the Settings screen', () => {
  const dir = makeTempDir('wk-e2e-settings-');
  const log = createMemoryLogger();
  let broker: MosquittoHandle;
  let serving: Serving;
  let viewerServer: AppServer;
  let browser: Browser;
  let page: Page;
  let plant: Awaited<ReturnType<typeof plantPublisher>>;
  const consoleErrors: string[] = [];
  const settings = () => page.locator('[data-testid="alarm-settings"]');
  const field = (id: string) => settings().locator(`[data-testid="${id}"]`);
  const message = () => field('alarm-settings-message').textContent();
  async function api(method: string, params: unknown) {
    const ws = await connectWs(serving.url);
    try {
      return await ws.call(method, params);
    } finally {
      ws.close();
    }
  }
  const stored = async () => (await api('alarms.getSettings', {})).result as AlarmSettings;
  const versions = async () =>
    ((await api('alarms.listSettingsVersions', { limit: 50 })).result as { versions: unknown[] }).versions;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    broker = await startMosquitto();
    serving = await startServing({
      runtime: {
        dataDir: dir.path,
        brokerUrl: broker.url,
        demo: false,
        siteConfig: alarmSiteFile([{ id: TAG, high: 80, priority: 'high' }]),
      },
      port: 0,
      log,
    });
    viewerServer = await startViewerServer(serving, log);
    plant = await plantPublisher(broker.url);
    await plant.publish(TAG, 20);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (entry) => {
      if (entry.type() === 'error') consoleErrors.push(entry.text());
    });
    await page.goto(serving.url);
  });

  afterAll(async () => {
    await plant?.close();
    await browser?.close();
    await viewerServer?.stop();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('opens from the keyboard with the defaults in force and no changes yet', async () => {
    await page.locator('[data-testid="nav-settings"]').waitFor();
    await page.keyboard.press('Alt+6');
    await page.locator('[data-testid="settings-view"]').waitFor();
    expect(page.url()).toMatch(/#\/settings$/);
    await expect.poll(() => field('alarm-settings-version').textContent()).toBe('defaults (never changed)');
    expect(await page.locator('[data-testid="settings-history-empty"]').count()).toBe(1);
    expect(await field('alarm-setting-comment-high').isChecked()).toBe(false);
    expect(await field('alarm-setting-comment-critical').isChecked()).toBe(true);
    expect(await field('alarm-setting-shelve-amount-high').inputValue()).toBe('8');
    expect(await field('alarm-setting-shelve-unit-high').inputValue()).toBe('h');
    expect(await field('alarm-setting-shelve-unit-critical').inputValue()).toBe('never');
    expect(await field('alarm-setting-shelve-amount-critical').isDisabled()).toBe(true);
    expect(await field('alarm-setting-retention').inputValue()).toBe('1095');
    // Nothing edited: nothing to save.
    expect(await field('alarm-settings-save').isDisabled()).toBe(true);
    expect(await field('alarm-settings-read-only').count()).toBe(0);
  });

  it('refuses a retention of 0 days and a shelve under a minute with the reasons, and saves nothing', async () => {
    await field('alarm-setting-retention').fill('0');
    await field('alarm-setting-shelve-unit-medium').selectOption('min');
    await field('alarm-setting-shelve-amount-medium').fill('0.5');
    await expect
      .poll(() => field('alarm-settings-problems').locator('li').allTextContents())
      .toEqual(['Medium: longest shelve: at least 1 min', 'Journal kept for: at least 1 day']);
    expect(await field('alarm-settings-save').isDisabled()).toBe(true);
    // Enter in a field submits the form: still nothing goes out.
    await field('alarm-setting-retention').press('Enter');
    await shot(page, 'settings-refused.png');
    expect(await versions()).toEqual([]);
    expect(await stored()).toEqual(DEFAULT_ALARM_SETTINGS);
    // The server holds to the same bounds for anyone who calls it directly.
    expect(
      await api('alarms.setSettings', { ...DEFAULT_ALARM_SETTINGS, journalRetentionDays: 0 }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await versions()).toEqual([]);
    await field('alarm-settings-revert').click();
    expect(await field('alarm-settings-problems').count()).toBe(0);
    expect(await field('alarm-setting-retention').inputValue()).toBe('1095');
  });

  it("saves an engineer's change to the high priority and shows it as a new version in the history", async () => {
    await field('alarm-setting-comment-high').check();
    await field('alarm-setting-shelve-amount-high').fill('30');
    await field('alarm-setting-shelve-unit-high').selectOption('min');
    const high = settings().locator('[data-testid="alarm-setting-row"][data-priority="high"]');
    expect(await high.getAttribute('data-edited')).toBe('true');
    expect(await field('alarm-setting-in-force-high').textContent()).toContain(
      'comment optional · at most 8 h',
    );
    await field('alarm-settings-save').click();
    await expect.poll(message).toBe('Saved as version 1; in force now.');
    expect(await field('alarm-settings-version').textContent()).toBe('version 1');
    expect(await high.getAttribute('data-edited')).toBe('false');
    expect(await field('alarm-setting-in-force-high').textContent()).toBe(
      'comment required · at most 30 min',
    );

    const row = page.locator('[data-testid="settings-history-row"][data-version="1"]');
    expect(await row.locator('[data-testid="settings-history-who"]').textContent()).toBe('local operator');
    expect(await row.locator('[data-testid="settings-history-changes"] li').allTextContents()).toEqual([
      'High: ack comment not required → required',
      'High: shelve at most 8 h → at most 30 min',
    ]);
    await shot(page, 'settings-saved.png');
    // The API answers with the new settings.
    const now = await stored();
    expect(now.ackCommentRequired.high).toBe(true);
    expect(now.maxShelveMs.high).toBe(30 * 60_000);
    expect(now.journalRetentionDays).toBe(DEFAULT_ALARM_SETTINGS.journalRetentionDays);
  });

  it('refuses a save over a version someone saved since, saying who, and reloads theirs', async () => {
    expect(await api('alarms.setSettings', { ...(await stored()), journalRetentionDays: 365 })).toMatchObject(
      { ok: true },
    );
    await field('alarm-setting-retention').fill('400');
    await field('alarm-settings-save').click();
    await expect
      .poll(message)
      .toMatch(
        /^Not saved: local operator saved the alarm settings at .* \(version 2\) since you loaded version 1\./,
      );
    expect((await stored()).journalRetentionDays).toBe(365);
    expect(await versions()).toHaveLength(2);
    await field('alarm-settings-reload').click();
    await expect.poll(() => field('alarm-settings-version').textContent()).toBe('version 2');
    expect(await field('alarm-setting-retention').inputValue()).toBe('365');
    const row = page.locator('[data-testid="settings-history-row"][data-version="2"]');
    expect(await row.locator('[data-testid="settings-history-changes"]').textContent()).toBe(
      'Journal kept for 1095 → 365 days',
    );
  });

  it('has the alarm dialogs hold to the new rules: a comment to acknowledge, shelving up to 30 minutes', async () => {
    await plant.publish(TAG, 85);
    await page.keyboard.press('Alt+3');
    const alarm = page.locator(`[data-testid="alarm-row"][data-alarm-id="${TAG}#level"]`);
    await expect.poll(() => alarm.getAttribute('data-state'), { timeout: 20_000 }).toBe('unacked');
    await page.locator('[data-testid="alarm-table-active"]').focus();
    await page.keyboard.press('Home');
    const dialog = page.locator('[data-testid="alarm-dialog"]');

    await page.keyboard.press('s');
    await expect.poll(() => dialog.getAttribute('data-kind')).toBe('shelve');
    const longest = await dialog.locator('[data-testid="shelve-duration"] option').allTextContents();
    expect(longest.at(-1)).toBe('30 min');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    await page.keyboard.press('a');
    await expect.poll(() => dialog.getAttribute('data-kind')).toBe('acknowledge');
    expect(await dialog.textContent()).toContain(
      'The site requires a comment to acknowledge high priority alarms.',
    );
    await page.keyboard.press('Enter');
    expect(await dialog.locator('[data-testid="alarm-dialog-error"]').textContent()).toBe(
      'a comment is required to acknowledge alarms of this priority',
    );
    await shot(page, 'settings-ack-needs-comment.png');
    await page.keyboard.press('Escape');
    expect(await alarm.getAttribute('data-state')).toBe('unacked');
  });

  it('shows a viewer the settings read-only, with no Save and no history', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await viewer.goto(`${viewerServer.url}/#/settings`);
    const panel = viewer.locator('[data-testid="alarm-settings"]');
    await panel.locator('[data-testid="alarm-settings-read-only"]').waitFor();
    await expect
      .poll(() => panel.locator('[data-testid="alarm-setting-retention"]').inputValue())
      .toBe('365');
    expect(await panel.locator('[data-testid="alarm-setting-comment-high"]').isChecked()).toBe(true);
    expect(await panel.locator('[data-testid="alarm-setting-comment-high"]').isDisabled()).toBe(true);
    expect(await panel.locator('[data-testid="alarm-setting-shelve-amount-high"]').isDisabled()).toBe(true);
    expect(await panel.locator('[data-testid="alarm-setting-retention"]').isDisabled()).toBe(true);
    expect(await panel.locator('[data-testid="alarm-settings-save"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="settings-history-hidden"]').count()).toBe(1);
    await shot(viewer, 'settings-viewer.png');
    await viewer.close();
    expect(consoleErrors).toEqual([]);
  });
});
