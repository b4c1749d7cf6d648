import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfigFile } from '../../shared/siteConfigFile.js';
import { ARTIFACTS, getJson, openControlRoom, type ControlRoom } from '../helpers/controlRoom.js';
import { editable, fullSiteFile } from '../helpers/siteConfigFiles.js';

/** What an export says, without when and by whom it was made. */
const contents = ({ exportedMs: _ms, exportedBy: _by, ...rest }: SiteConfigFile) => rest;

/**
 * Export and import of the site configuration on the Devices screen, in a real Chromium over
 * `watchkeeper serve`: a wrong file is answered with its problems in words and changes nothing;
 * a good one shows what it will change, and Apply (from the keyboard) makes it so.
 */
describe('site configuration export and import on the Devices screen', () => {
  let room: ControlRoom;
  const report = () => room.page.locator('[data-testid="import-report"]');
  const choose = (name: string, content: string) =>
    room.page
      .locator('[data-testid="site-import-file"]')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  const exported = () => getJson<SiteConfigFile>(room.serve, '/api/config/site.json');

  beforeAll(async () => {
    room = await openControlRoom('wk-e2e-siteconfig-', ['--no-demo']);
    await room.page.locator('[data-testid="nav-devices"]').click();
    await room.page.locator('[data-testid="devices-view"]').waitFor();
  });

  afterAll(async () => {
    expect(room.consoleErrors).toEqual([]);
    expect(await room?.close()).toBe(0);
  });

  it('lists every problem of a wrong file, and changes nothing', async () => {
    const before = contents(await exported());
    const file = editable(fullSiteFile());
    file.brokers = [];
    file.tags[0].config.engRange = { low: 9, high: 1 };
    file.devices[0].confg = {};
    await choose('bad-site.json', JSON.stringify(file));
    await expect
      .poll(() => room.page.locator('[data-testid="import-problems"] li').allTextContents())
      .toEqual([
        'devices[0]: Unrecognized key: "confg"',
        'tags[0].config.engRange.high: the engineering range needs low below high',
      ]);
    await expect
      .poll(() => report().getByRole('alert').textContent())
      .toMatch(/2 problems.*nothing was changed/);
    expect(await report().locator('[data-testid="import-apply"]').count()).toBe(0);
    await room.page.screenshot({ path: new URL('site-import-problems.png', ARTIFACTS).pathname });
    await room.page.keyboard.press('Escape');
    await report().waitFor({ state: 'detached' });

    await choose('notes.json', 'this is not { json');
    await expect
      .poll(() => room.page.locator('[data-testid="import-problems"] li').allTextContents())
      .toEqual([expect.stringMatching(/^the file is not JSON: /)]);
    await room.page.locator('[data-testid="import-close"]').click();
    expect(contents(await exported())).toEqual(before);
  });

  it('shows what a good file changes, applies it from the keyboard, and exports it back', async () => {
    const file = { ...fullSiteFile(), brokers: [] };
    await choose('site.json', JSON.stringify(file));
    const changes = room.page.locator('[data-testid="import-changes"] li');
    await expect
      .poll(() => changes.allTextContents())
      .toEqual([
        'Brokers: unchanged',
        expect.stringMatching(/^Mapping rules: 2 added \(Boilers, Meters\), 1 removed \(factory\//),
        'Fallback for unmapped topics: changed',
        'Devices: 1 configured, 0 unchanged',
        'Tags: 1 configured, 0 unchanged',
        'Model bindings: 2 added (boiler-health, temp-z)',
      ]);
    // The binding whose model file is not in this data folder: stored, but said before Apply.
    expect(await room.page.locator('[data-testid="import-warnings"] li').allTextContents()).toEqual([
      expect.stringMatching(/^models\[0\]\.model: boiler_health\.onnx is not in the data folder's models\//),
    ]);
    // The report takes the focus to Apply: Enter applies.
    await expect
      .poll(() => room.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('import-apply');
    await room.page.keyboard.press('Enter');
    await room.page.locator('[data-testid="import-applied"]').waitFor();
    const after = await exported();
    expect(after.mappings.rules.map((rule) => rule.name)).toEqual(['Boilers', 'Meters']);
    expect(after.tags).toEqual([{ id: 'boiler/b1/temp', config: expect.objectContaining({ unit: '°C' }) }]);

    const download = room.page.waitForEvent('download');
    await room.page.locator('[data-testid="site-export"]').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^watchkeeper-site-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await readFile((await saved.path())!, 'utf8');
    expect(contents(JSON.parse(text) as SiteConfigFile)).toEqual(contents(after));
  });
});
