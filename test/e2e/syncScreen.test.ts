import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import type { AppServer } from '../../electron/server/appServer.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { SyncStatus } from '../../shared/sync.js';
import { launchChromium } from '../helpers/chromium.js';
import { ARTIFACTS } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { startViewerServer } from '../helpers/viewerServer.js';
import { connectWs } from '../helpers/wsClient.js';

/**
 * The Sync screen in a real Chromium at 1280×800 over the real runtime (config.db outbox, sync
 * service, a Mosquitto playing the cloud broker): an engineer enables sync from the screen, the
 * link is down while the cloud broker is away and records wait per stream; the broker comes up,
 * Connect now, and the backlog drains with acknowledged seqs. A save over a stale version is
 * refused with the reason; a viewer sees the status but no Drop backlog, Connect now or Save.
 */
describe('the Sync screen', () => {
  const dir = makeTempDir('wk-e2e-sync-');
  const log = createMemoryLogger();
  let serving: Serving;
  let viewerServer: AppServer;
  let browser: Browser;
  let page: Page;
  let cloud: MosquittoHandle | null = null;
  let cloudPort = 0;
  const consoleErrors: string[] = [];
  /** Where the stream table sat while the link was down: a later status must not move it. */
  let tableTopWhileDown = 0;
  const state = () => page.locator('[data-testid="sync-link-state"]').getAttribute('data-link');
  const streamRecords = async (stream: string) =>
    Number(
      await page
        .locator(`[data-testid="sync-stream-row"][data-stream="${stream}"]`)
        .getAttribute('data-records'),
    );
  /** The stream table's top within the screen (not the viewport, which scrolls). */
  const tableTop = async () =>
    (await page.locator('[data-testid="sync-streams"]').boundingBox())!.y -
    (await page.locator('[data-testid="sync-view"]').boundingBox())!.y;
  const apiStatus = async () => (await (await fetch(`${serving.url}/api/sync`)).json()) as SyncStatus;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A port for the cloud broker that is not up yet: the link must come up later, on its own port.
    const probe = await startMosquitto();
    cloudPort = probe.port;
    await probe.stop();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0, siteId: 'site7' },
      port: 0,
      log,
    });
    viewerServer = await startViewerServer(serving, log);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(serving.url);
  });

  afterAll(async () => {
    await browser?.close();
    await viewerServer?.stop();
    await serving?.stop();
    await cloud?.stop();
    dir.remove();
  });

  it('opens from the keyboard with the link off and nothing waiting', async () => {
    await page.locator('[data-testid="status-sync"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="status-sync-text"]').textContent()).toBe('Cloud off');
    await page.keyboard.press('Alt+9');
    await page.locator('[data-testid="sync-view"]').waitFor();
    expect(page.url()).toMatch(/#\/sync$/);
    await expect.poll(state).toBe('off');
    expect(await page.locator('[data-testid="sync-link-detail"]').textContent()).toContain('not enabled');
    expect(await page.locator('[data-testid="sync-stream-row"]').count()).toBe(10);
    await expect
      .poll(() => page.locator('[data-testid="sync-settings-version"]').textContent())
      .toBe('version 0');
  });

  it('saves settings from the editor as a version, and shows the link down with records waiting', async () => {
    const settings = page.locator('[data-testid="sync-settings"]');
    await settings.locator('[data-testid="sync-setting-enabled"]').check();
    await settings.locator('[data-testid="sync-setting-hasCloud"]').check();
    // Checked as typed: a URL the schema refuses is named before any save.
    await settings.locator('[data-testid="sync-setting-url"]').fill('http://nowhere');
    await expect
      .poll(() => settings.locator('[data-testid="sync-settings-problems"]').textContent())
      .toContain('Cloud broker URL');
    expect(await settings.locator('[data-testid="sync-settings-save"]').isDisabled()).toBe(true);
    await settings.locator('[data-testid="sync-setting-url"]').fill(`mqtt://127.0.0.1:${cloudPort}`);
    await settings.locator('[data-testid="sync-setting-heartbeatSeconds"]').fill('5');
    await settings.locator('[data-testid="sync-settings-save"]').click();
    await expect
      .poll(() => settings.locator('[data-testid="sync-settings-message"]').textContent())
      .toBe('Saved as version 1; in force now.');
    expect(await settings.locator('[data-testid="sync-settings-version"]').textContent()).toBe('version 1');

    await expect.poll(state, { timeout: 30_000 }).toBe('down');
    expect(await page.locator('[data-testid="sync-broker"]').textContent()).toBe(
      `mqtt://127.0.0.1:${cloudPort}`,
    );
    expect(await page.locator('[data-testid="sync-link-detail"]').textContent()).not.toBe('');
    // The heartbeat waits in the outbox while the cloud is away.
    await expect.poll(() => streamRecords('heartbeat'), { timeout: 30_000 }).toBeGreaterThan(0);
    const chip = page.locator('[data-testid="status-sync"]');
    await expect
      .poll(() => chip.locator('[data-testid="status-sync-text"]').textContent())
      .toMatch(/^Cloud down · backlog \d+ (s|min)$/);
    expect(await chip.getAttribute('data-abnormal')).toBe('true');
    // The HTTP API says the same.
    expect((await apiStatus()).link).toBe('down');
    tableTopWhileDown = await tableTop();
    await page.screenshot({ path: new URL('sync-down.png', ARTIFACTS).pathname });
  }, 90_000);

  it('shows what a drop would remove and refuses one without a reason', async () => {
    await page.locator('[data-testid="sync-drop"]').click();
    const dialog = page.locator('[data-testid="sync-drop-dialog"]');
    await dialog.waitFor();
    await dialog.locator('[data-testid="sync-drop-target"]').selectOption('raw');
    expect(await dialog.locator('[data-testid="sync-drop-preview"]').textContent()).toContain(
      'The drop is journaled on the audit stream',
    );
    await dialog.locator('[data-testid="sync-drop-submit"]').click();
    expect(await dialog.locator('[data-testid="sync-drop-error"]').textContent()).toBe(
      'Reason: say why (at least 3 characters)',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('drains the backlog once the cloud broker is there and Connect now is pressed', async () => {
    cloud = await startMosquitto({ port: cloudPort });
    await page.locator('[data-testid="sync-reconnect"]').click();
    await expect.poll(state, { timeout: 30_000 }).toBe('up');
    await expect.poll(() => streamRecords('heartbeat'), { timeout: 30_000 }).toBe(0);
    const heartbeat = page.locator('[data-testid="sync-stream-row"][data-stream="heartbeat"]');
    await expect
      .poll(async () => Number(await heartbeat.locator('[data-testid="sync-stream-acked"]').textContent()))
      .toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('[data-testid="sync-last"]').textContent()).not.toBe('never');
    await expect.poll(() => page.locator('[data-testid="status-sync-text"]').textContent()).toBe('Cloud up');
    // Down with a reason, then up without one: the table has not moved.
    expect(await tableTop()).toBe(tableTopWhileDown);
    await page.screenshot({ path: new URL('sync-up.png', ARTIFACTS).pathname });
  }, 90_000);

  it('refuses a save over a version someone else has saved since, and reloads theirs', async () => {
    const other = await connectWs(serving.url);
    const current = (await other.call('sync.settings', {})).result as { settings: object; version: number };
    expect(current.version).toBe(1);
    expect(
      await other.call('sync.saveSettings', {
        settings: { ...current.settings, rollupSeconds: 300 },
        baseVersion: 1,
      }),
    ).toMatchObject({ ok: true, result: { version: 2 } });
    other.close();
    const settings = page.locator('[data-testid="sync-settings"]');
    await settings.locator('[data-testid="sync-setting-rollupSeconds"]').fill('120');
    await settings.locator('[data-testid="sync-settings-save"]').click();
    await expect
      .poll(() => settings.locator('[data-testid="sync-settings-message"]').textContent())
      .toContain('someone else saved the sync settings since you loaded version 1');
    await settings.locator('[data-testid="sync-settings-reload"]').click();
    await expect
      .poll(() => settings.locator('[data-testid="sync-settings-version"]').textContent())
      .toBe('version 2');
    expect(await settings.locator('[data-testid="sync-setting-rollupSeconds"]').inputValue()).toBe('300');
  });

  it("stores the cloud broker's password through the credential path, never showing it again", async () => {
    const password = page.locator('[data-testid="sync-cloud-password"]');
    await password.fill('cloud-s3cret');
    await page.locator('[data-testid="sync-cloud-password-store"]').click();
    await expect
      .poll(() => page.locator('[data-testid="sync-cloud-password-message"]').textContent())
      .toMatch(/^Password stored as cloud \(/);
    expect(await password.inputValue()).toBe('');
    expect(readFileSync(`${dir.path}/credentials.json`, 'utf8')).toContain('cloud-s3cret');
    const ws = await connectWs(serving.url);
    expect(JSON.stringify(await ws.call('sync.settings', {}))).not.toContain('cloud-s3cret');
    ws.close();
    expect(JSON.stringify(await apiStatus())).not.toContain('cloud-s3cret');
  });

  it('shows a viewer the status but no Drop backlog, Connect now or Save', async () => {
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await viewer.goto(`${viewerServer.url}/#/sync`);
    await viewer.locator('[data-testid="sync-view"]').waitFor();
    await expect
      .poll(() => viewer.locator('[data-testid="sync-link-state"]').getAttribute('data-link'))
      .toBe('up');
    await expect
      .poll(() => viewer.locator('[data-testid="sync-settings-version"]').textContent())
      .toBe('version 2');
    expect(await viewer.locator('[data-testid="sync-drop"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="sync-reconnect"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="sync-settings-save"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="sync-setting-enabled"]').isDisabled()).toBe(true);
    expect(await viewer.locator('[data-testid="sync-cloud-password"]').count()).toBe(0);
    await viewer.close();
    expect(consoleErrors).toEqual([]);
  });
});
