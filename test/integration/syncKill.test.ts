import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../electron/config/configDb.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { SyncSettingsSchema, type SampleRecord } from '../../shared/sync.js';
import { startCloudRig, type CloudRig } from '../helpers/cloudRig.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { SITE } from '../helpers/syncSite.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const RECORDS = 30_000;

/**
 * `watchkeeper serve` killed with SIGKILL in the middle of a drain (PUBACKs of the last batches
 * held back by the proxy, so the broker has batches the site still counts as unacknowledged), then started again on the
 * same data folder: the receiver ends with every record exactly once and in order, and the only
 * batches it got twice are batches the outbox still held as unacknowledged when the process died.
 */
describe('cloud sync: SIGKILL in the middle of a drain', () => {
  const dir = makeTempDir('wk-sync-kill-');
  const dataDir = join(dir.path, 'site');
  const cloudFile = join(dir.path, 'cloud.json');
  let siteBroker: MosquittoHandle;
  let rig: CloudRig;
  let serve: ServeProcess | null = null;
  const sent: string[] = [];

  /** The outbox as the killed process left it, read with the real ConfigDb. */
  async function withConfigDb<T>(use: (db: ConfigDb) => Promise<T>): Promise<T> {
    const db = new ConfigDb({ path: join(dataDir, 'config.db'), log: createMemoryLogger() });
    await db.start();
    try {
      return await use(db);
    } finally {
      await db.stop();
    }
  }

  const start = () =>
    startServeProcess([
      '--data-dir', dataDir, '--broker', siteBroker.url, '--no-demo',
      '--site-id', SITE, '--station', 'station1', '--cloud', cloudFile,
    ]); // prettier-ignore

  beforeAll(async () => {
    siteBroker = await startMosquitto();
    // Plain MQTT through the proxy, so it can hold PUBACKs back: batches the broker has but the site
    // does not know it has are what a kill leaves unacknowledged.
    rig = await startCloudRig({ dir: dir.path, mqtt: true });
    mkdirSync(dataDir);
    // A backlog committed before the process starts, as a site offline for a while leaves it.
    const budget = await withConfigDb(async (db) => {
      const stored = await db.syncSettings();
      const settings = SyncSettingsSchema.parse(rig.settings());
      expect((await db.saveSyncSettings(settings, stored.version, 'engineer')).ok).toBe(true);
      await db.setIdentity({ site: SITE, station: 'station1' });
      const startMs = Date.now() - RECORDS * 1000;
      for (let i = 0; i < RECORDS; i += 5_000) {
        const records = Array.from({ length: 5_000 }, (_, j) => {
          const sample: SampleRecord = {
            at: startMs + (i + j) * 1000,
            tag: 'area1/kiln/temp',
            value: i + j,
            quality: 'good',
          };
          const line = JSON.stringify(sample);
          sent.push(line);
          return { stream: 'raw' as const, at: sample.at, line };
        });
        expect((await db.append(records)).refused).toBeNull();
      }
      await db.nextBatches({ streams: ['raw'], after: {}, maxBatches: 1, maxBytes: 1 });
      const backlog = await db.backlog();
      // About 10 s of drain, so the kill lands in the middle of it.
      return Math.max(1_000, Math.floor(backlog.streams.find((s) => s.stream === 'raw')!.bytes / 10));
    });
    writeFileSync(cloudFile, JSON.stringify(rig.settings({ backfillBytesPerSecond: budget })));
  });

  afterAll(async () => {
    await serve?.stop('SIGKILL');
    await rig?.stop();
    await siteBroker?.stop();
    dir.remove();
  });

  it('loses nothing, and resends only what was not acknowledged', async () => {
    const received = () => rig.receiver.records(SITE, 'raw').length;
    const batches = () => rig.receiver.batches(SITE, 'raw').length;
    serve = await start();
    await waitFor('the drain under way', () => batches() > 0);
    rig.proxy.holdPubacks();
    const before = batches();
    await waitFor(
      'two more batches at the cloud, their PUBACKs held',
      () => batches() >= before + 2 && rig.proxy.held >= 2,
    );
    await serve.stop('SIGKILL');
    rig.proxy.releasePubacks();
    serve = null;
    const atKill = received();
    expect(atKill).toBeLessThan(RECORDS);
    const unacknowledged = await withConfigDb(async (db) => {
      const batches = await db.nextBatches({
        streams: ['raw'],
        after: {},
        maxBatches: 100_000,
        maxBytes: 2 ** 40,
      });
      return new Set(batches.map((batch) => batch.seq));
    });
    expect(unacknowledged.size).toBeGreaterThan(0);

    serve = await start();
    await waitFor('the whole backlog at the receiver', () => received() === RECORDS, 60_000);
    expect(await serve.stop()).toBe(0);
    serve = null;

    expect(rig.receiver.records(SITE, 'raw').map((r) => JSON.stringify(r))).toEqual(sent);
    expect(rig.receiver.gaps()).toEqual([]);
    const twice = rig.receiver.batches(SITE, 'raw').filter((batch) => batch.copies > 1);
    expect(twice.length).toBeGreaterThanOrEqual(2);
    for (const batch of twice) expect(unacknowledged.has(batch.seq)).toBe(true);
  });
});
