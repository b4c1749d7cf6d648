import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSchema } from '../../../shared/domain.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { Runtime } from '../../../electron/runtime/runtime.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';
import { cloudSubscriber } from './syncHarness.js';

/** The runtime with cloud settings given at start (`--cloud`): sync runs, health shows it. */
describe('the runtime with cloud sync', () => {
  let site: MosquittoHandle;
  let cloud: MosquittoHandle;
  let runtime: Runtime;
  let sub: Awaited<ReturnType<typeof cloudSubscriber>>;
  const dir = makeTempDir('wk-runtime-sync-');

  beforeAll(async () => {
    [site, cloud] = await Promise.all([startMosquitto(), startMosquitto()]);
    sub = await cloudSubscriber(cloud.url);
    runtime = new Runtime(
      {
        dataDir: dir.path,
        brokerUrl: site.url,
        demo: false,
        siteId: 'north-mine',
        station: 'control-1',
        cloud: {
          enabled: true,
          topicPrefix: 'wk',
          cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-runtime' },
        },
      },
      createMemoryLogger(),
    );
    await runtime.start();
  });
  afterAll(async () => {
    await runtime.stop();
    await sub.close();
    await Promise.all([site.stop(), cloud.stop()]);
    dir.remove();
  });

  it('reports sync in /api/health and sends its heartbeat with the site figures', async () => {
    const health = await waitFor('sync up in health', () => {
      const now = runtime.health();
      return now.sync?.link === 'up' ? now : undefined;
    });
    expect(HealthSchema.parse(health).sync).toMatchObject({
      enabled: true,
      broker: cloud.url,
      metered: false,
    });
    const heartbeat = await waitFor('a heartbeat', () => sub.batches.find((b) => b.stream === 'heartbeat'));
    expect(heartbeat).toMatchObject({ site: 'north-mine', station: 'control-1' });
    expect(heartbeat.records[0]).toMatchObject({
      station: 'control-1',
      figures: { links: 1, linksConnected: expect.any(Number), samples: expect.any(Number) },
    });
    // The settings given at start are the stored ones now, by the local user.
    expect(await runtime.sync.settings()).toMatchObject({ version: 1, settings: { enabled: true } });
  });

  it('shows the outbox fill as a tag of the system device', async () => {
    const tag = await waitFor('the fill tag', () => runtime.tags.get('system/sync/outbox_fill_percent'));
    expect(tag).toMatchObject({
      device: 'system/sync',
      unit: '%',
      limits: [
        { kind: 'H', value: 80 },
        { kind: 'HH', value: 100 },
      ],
    });
    expect(runtime.devices.get('system/sync')).toMatchObject({ protocol: 'system', area: 'system' });
  });
});
