import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorProcess, type SimulatorRun } from '../helpers/simulatorProcess.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

interface Health {
  status: string;
  historian: { state: string; samplesWritten: number };
}

const health = async (url: string) => (await (await fetch(`${url}/api/health`)).json()) as Health;

/**
 * What the README promises: a process killed mid-ingest (SIGKILL: no shutdown code runs) leaves
 * a database that opens clean and holds every sample that was committed before the kill.
 */
describe('the historian after SIGKILL mid-ingest', () => {
  let broker: MosquittoHandle;
  let simulator: SimulatorRun;
  const dir = makeTempDir('wk-kill-');

  beforeAll(async () => {
    broker = await startMosquitto();
    simulator = startSimulatorProcess({ broker: broker.url, devices: 50, tagsPerDevice: 20, rateHz: 10 });
  });
  afterAll(async () => {
    await simulator?.stop().catch(() => undefined);
    await broker?.stop();
    dir.remove();
  });

  it('opens clean with everything committed before the kill, and carries on', async () => {
    const serve = await startServeProcess(['--data-dir', dir.path, '--broker', broker.url, '--no-demo']);
    const committed = await waitFor('20,000 committed samples', async () => {
      const written = (await health(serve.url)).historian.samplesWritten;
      return written >= 20_000 ? written : undefined;
    });
    serve.child.kill('SIGKILL');
    await serve.stop();

    const db = new Database(`${dir.path}/historian.db`);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored =
      (db.prepare('SELECT COUNT(*) FROM samples').pluck().get() as number) +
      (db.prepare('SELECT COALESCE(SUM(count), 0) FROM sample_tail_batches').pluck().get() as number) +
      (db.prepare('SELECT COALESCE(SUM(count), 0) FROM chunks').pluck().get() as number);
    db.close();
    expect(stored).toBeGreaterThanOrEqual(committed);

    const again = await startServeProcess(['--data-dir', dir.path, '--broker', broker.url, '--no-demo']);
    await waitFor('ingest after restart', async () => {
      const h = await health(again.url);
      return h.historian.state === 'ok' && h.historian.samplesWritten > 0;
    });
    expect(await again.stop('SIGTERM')).toBe(0);
  });
});
