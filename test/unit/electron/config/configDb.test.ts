import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { TrendViewDraft } from '../../../../shared/trendViews.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const draft: TrendViewDraft = {
  name: 'Pump 3',
  pens: [{ tag: 'line1/pump3/flow' }],
  range: { kind: 'history', from: 1_000, to: 2_000 },
};

describe('the config store facade and its worker thread', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('saves through the worker, and a new start on the same file reads the view back', async () => {
    const first = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await first.start();
    const saved = await first.saveView({ draft, savedBy: 'ana', now: 5_000 });
    expect(saved).toMatchObject({ ok: true, view: { name: 'Pump 3', savedBy: 'ana' } });
    await first.stop();

    const second = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await second.start();
    expect(await second.listViews()).toEqual([saved.ok && saved.view]);
    await second.stop();
  });

  it('answers calls after stop with UNAVAILABLE instead of hanging', async () => {
    const config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await config.start();
    await config.stop();
    await expect(config.listViews()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('keeps a damaged file aside, says so in the log and starts a fresh one', async () => {
    writeFileSync(`${dir.path}/config.db`, 'not a database, a disk that went wrong '.repeat(200));
    const log = createMemoryLogger();
    const config = new ConfigDb({ path: `${dir.path}/config.db`, log });
    await config.start();
    expect(await config.listViews()).toEqual([]);
    expect((await config.saveView({ draft, savedBy: 'ana', now: 1 })).ok).toBe(true);
    await config.stop();
    const files = readdirSync(dir.path);
    expect(files.filter((f) => f.startsWith('config.db.corrupt-'))).toEqual([
      expect.stringMatching(/^config\.db\.corrupt-[\dTZ-]+$/),
    ]);
    expect(
      log.lines.some((line) =>
        /ERROR .*config file .*config\.db is damaged \(SQLITE_NOTADB\); kept it as/.test(line),
      ),
    ).toBe(true);
  });
});
