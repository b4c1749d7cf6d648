import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../shared/domain.js';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/** The status bar of a site with two brokers, one of them unreachable, in a real Chromium. */
describe('broker link chips in the status bar', () => {
  let broker: MosquittoHandle;
  let room: ControlRoom;
  const dir = makeTempDir('wk-e2e-links-');

  const chip = (id: string) => room.page.locator(`[data-testid="status-link"][data-broker="${id}"]`);
  const detail = (id: string) => chip(id).locator('[data-testid="status-link-detail"]');

  beforeAll(async () => {
    broker = await startMosquitto();
    const file = `${dir.path}/brokers.json`;
    writeFileSync(
      file,
      JSON.stringify({
        brokers: [
          { id: 'north', name: 'North network', url: broker.url, clientId: 'wk-e2e-north' },
          // Port 1 on loopback: refused at once, and nothing leaves the machine.
          { id: 'south', name: 'South network', url: 'mqtt://127.0.0.1:1', clientId: 'wk-e2e-south' },
        ],
      }),
    );
    room = await openControlRoom('wk-e2e-links-data-', ['--brokers', file, '--no-demo']);
  });

  afterAll(async () => {
    expect(await room?.close()).toBe(0);
    await broker?.stop();
    dir.remove();
  });

  it('shows one chip per link, its state in words, the failing one marked abnormal', async () => {
    await waitFor(
      'the north chip',
      async () => (await chip('north').innerText()) === 'North network connected',
    );
    expect(await chip('north').getAttribute('data-abnormal')).toBe('false');
    expect(await chip('south').innerText()).toMatch(/^South network (error|connecting…)$/);
    expect(await chip('south').getAttribute('data-abnormal')).toBe('true');
    const health = await getJson<Health>(room.serve, '/api/health');
    expect(health.links?.map((link) => [link.id, link.state === 'connected'])).toEqual([
      ['north', true],
      ['south', false],
    ]);
  });

  it('shows the last error of a link on keyboard focus and on hover', async () => {
    expect(await detail('south').isVisible()).toBe(false);
    await chip('south').focus();
    await waitFor('the detail on focus', () => detail('south').isVisible());
    await waitFor('the refusal in the detail', async () =>
      /Last error: connect ECONNREFUSED 127\.0\.0\.1:1/.test(await detail('south').innerText()),
    );
    expect(await chip('south').getAttribute('tabindex')).toBe('0');
    await room.page.screenshot({ path: new URL('broker-links.png', ARTIFACTS).pathname });

    await chip('north').hover();
    await waitFor('the detail on hover', () => detail('north').isVisible());
    expect(await detail('north').innerText()).toMatch(/Connected since/);
    expect(room.consoleErrors).toEqual([]);
  });
});
