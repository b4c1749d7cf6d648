import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRecord, HeartbeatRecord, RollupRecord, SampleRecord } from '../../../shared/sync.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../../helpers/serveProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';
import { cloudSubscriber, PREFIX } from './syncHarness.js';

type Subscriber = Awaited<ReturnType<typeof cloudSubscriber>>;

/**
 * The built `watchkeeper serve` on the demo plant (a real site Mosquitto) with `--cloud`
 * pointing at a second Mosquitto: what the producers make of the plant reaches the cloud as
 * batches a receiver decodes.
 */
describe('cloud sync of the demo plant', () => {
  let site: MosquittoHandle;
  let cloud: MosquittoHandle;
  let serve: ServeProcess;
  let sub: Subscriber;
  const dir = makeTempDir('wk-sync-producers-');

  beforeAll(async () => {
    [site, cloud] = await Promise.all([startMosquitto(), startMosquitto()]);
    sub = await cloudSubscriber(cloud.url);
    const settings = {
      enabled: true,
      cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-producers' },
      topicPrefix: PREFIX,
      rollupSeconds: 10,
      rollupTags: ['line1/'],
      rawTags: ['line2/'],
      heartbeatSeconds: 5,
    };
    writeFileSync(`${dir.path}/cloud.json`, JSON.stringify(settings));
    serve = await startServeProcess([
      '--data-dir',
      `${dir.path}/data`,
      '--broker',
      site.url,
      '--demo',
      '--cloud',
      `${dir.path}/cloud.json`,
    ]);
  });

  afterAll(async () => {
    await sub?.close();
    await serve?.stop();
    await Promise.all([site?.stop(), cloud?.stop()]);
    dir.remove();
  });

  const records = <T>(stream: string) =>
    sub.batches.filter((batch) => batch.stream === stream).flatMap((batch) => batch.records as T[]);

  it('sends the devices coming online, raw samples of the marked tags and model outputs', async () => {
    const online = await waitFor('device records', () => {
      const devices = records<DeviceRecord>('devices');
      return devices.length > 0 && devices;
    });
    expect(online[0]).toMatchObject({ state: 'online', previous: null });
    await waitFor('raw samples', () => records<SampleRecord>('raw').length > 0);
    expect(records<SampleRecord>('raw').every((record) => record.tag.startsWith('line2/'))).toBe(true);
    // The demo's bearing models write `line…/pump…/anomaly_score` as devices `models/bearing-…`.
    const models = await waitFor(
      'model outputs',
      () => {
        const found = records<SampleRecord>('models');
        return found.length > 0 && found;
      },
      90_000,
    );
    expect(models.every((record) => /\/(anomaly_score|vibration_trend)$/.test(record.tag))).toBe(true);
    expect(records<SampleRecord>('raw').some((record) => record.tag.endsWith('/anomaly_score'))).toBe(false);
  }, 120_000);

  it('sends rollups of the chosen tags at the chosen resolution', async () => {
    await waitFor(
      'a 10 s rollup of a measured tag',
      () => records<RollupRecord>('rollups').some((rollup) => rollup.count > 0 && rollup.mean !== null),
      60_000,
    );
    for (const rollup of records<RollupRecord>('rollups')) {
      expect(rollup.tag.startsWith('line1/')).toBe(true);
      expect(rollup.resMs).toBe(10_000);
      expect(rollup.at % 10_000).toBe(0);
    }
  });

  it('reports the producers’ figures in the heartbeat', async () => {
    const heartbeat = await waitFor('a heartbeat', () => records<HeartbeatRecord>('heartbeat').at(-1));
    expect(heartbeat.figures).toMatchObject({ producerLost: 0, rollupAheadSamples: 0, rollupClockJumps: 0 });
    expect(heartbeat.figures.producerQueued).toBeGreaterThanOrEqual(0);
  });
});
