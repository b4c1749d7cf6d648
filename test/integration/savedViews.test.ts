import { readdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { connectWs } from '../helpers/wsClient.js';

const draft = {
  name: 'Line 1 pumps',
  pens: [
    { tag: 'line1/pump1/flow', colour: '#1f3a68', axis: { min: 0, max: 120 } },
    { tag: 'line1/pump1/current' },
  ],
  range: { kind: 'history', from: Date.UTC(2026, 0, 31, 8), to: Date.UTC(2026, 0, 31, 9) },
};

/**
 * Saved views are operator work: they live in config.db, so they must come back after the
 * process stops and starts again, through the same API a browser uses.
 */
describe('saved views across a restart of watchkeeper serve', () => {
  const dir = makeTempDir('wk-views-');
  afterAll(() => dir.remove());

  it('reads back after a restart the view saved before it', async () => {
    const first = await startServeProcess(['--data-dir', dir.path, '--no-demo']);
    const client = await connectWs(first.url);
    const saved = await client.call('views.save', draft);
    expect(saved).toMatchObject({ ok: true, result: { ...draft, savedBy: 'local operator' } });
    expect(await client.call('views.save', { ...draft, name: 'LINE 1 PUMPS' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('"Line 1 pumps" already exists') },
    });
    client.close();
    expect(await first.stop('SIGINT')).toBe(0);

    const second = await startServeProcess(['--data-dir', dir.path, '--no-demo']);
    const again = await connectWs(second.url);
    expect(await again.call('views.list', {})).toEqual({ ok: true, result: { views: [saved.result] } });
    again.close();
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});

describe('a damaged config.db', () => {
  const dir = makeTempDir('wk-views-corrupt-');
  afterAll(() => dir.remove());

  it('is set aside with a log line, and the app starts with a fresh one', async () => {
    writeFileSync(`${dir.path}/config.db`, 'SQLite format 3\0 but then the disk went wrong '.repeat(300));
    const serve = await startServeProcess(['--data-dir', dir.path, '--no-demo']);
    const health = await fetch(`${serve.url}/api/health`);
    expect(health.status).toBe(200);
    const client = await connectWs(serve.url);
    expect(await client.call('views.list', {})).toEqual({ ok: true, result: { views: [] } });
    expect(await client.call('views.save', draft)).toMatchObject({ ok: true });
    client.close();
    expect(await serve.stop('SIGINT')).toBe(0);
    expect(serve.output()).toMatch(/ERROR .*\[watchkeeper\.config\] config file .*config\.db is damaged/);
    expect(readdirSync(dir.path).filter((name) => name.startsWith('config.db.corrupt-'))).toHaveLength(1);
  });
});
