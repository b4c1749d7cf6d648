import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { Runtime } from '../../../electron/runtime/runtime.js';
import type { LinkHealth } from '../../../shared/domain.js';
import { Quality } from '../../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

/** Two plant networks, each with its own broker: a link down on one leaves the other alone. */
describe('a site with two brokers', () => {
  let north: MosquittoHandle;
  let south: MosquittoHandle;
  let runtime: Runtime;
  const dir = makeTempDir();

  const link = (id: string): LinkHealth | undefined => runtime.health().links?.find((l) => l.id === id);

  async function publish(url: string, topic: string, value: number): Promise<void> {
    const client = await mqtt.connectAsync(url, { clientId: `device-${topic.replaceAll('/', '-')}` });
    await client.publishAsync(topic, JSON.stringify({ value }), { qos: 1 });
    await client.endAsync();
  }

  beforeAll(async () => {
    [north, south] = await Promise.all([startMosquitto(), startMosquitto()]);
    const reconnect = { initialMs: 100, maxMs: 1_000 };
    runtime = new Runtime(
      {
        dataDir: dir.path,
        demo: false,
        brokers: [
          { id: 'north', name: 'North network', url: north.url, clientId: 'wk-north', reconnect },
          { id: 'south', name: 'South network', url: south.url, clientId: 'wk-south', reconnect },
        ],
      },
      createMemoryLogger(),
    );
    await runtime.start();
    await waitFor(
      'both links',
      () => link('north')?.state === 'connected' && link('south')?.state === 'connected',
    );
  });

  afterAll(async () => {
    await runtime?.stop();
    await Promise.all([north?.stop(), south?.stop()]);
    dir.remove();
  });

  it('takes data from both and knows which broker each device speaks through', async () => {
    await publish(north.url, 'factory/line1/pump1/level', 41);
    await publish(south.url, 'factory/line2/pump2/level', 52);
    await waitFor('values from both networks', () => {
      const a = runtime.tags.get('line1/pump1/level');
      const b = runtime.tags.get('line2/pump2/level');
      return a?.value === 41 && b?.value === 52;
    });
    const devices = runtime.devices.list();
    expect(devices.find((d) => d.id === 'line1/pump1')).toMatchObject({ broker: 'north', online: true });
    expect(devices.find((d) => d.id === 'line2/pump2')).toMatchObject({ broker: 'south', online: true });
    expect(link('north')!.messages).toBeGreaterThan(0);
    expect(link('south')!.messages).toBeGreaterThan(0);
    expect(runtime.health().status).toBe('ok');
  });

  it('turns only the lost network’s devices stale, and reports that link alone as down', async () => {
    const port = north.port;
    await north.stop();
    await waitFor('the north tag to turn stale', () =>
      runtime.tags.get('line1/pump1/level')?.quality === Quality.UncertainNoCommunicationLastUsableValue
        ? true
        : undefined,
    );
    expect(runtime.tags.get('line2/pump2/level')).toMatchObject({ value: 52, quality: Quality.Good });
    expect(runtime.devices.list().find((d) => d.id === 'line2/pump2')?.online).toBe(true);
    expect(runtime.devices.list().find((d) => d.id === 'line1/pump1')?.online).toBe(false);
    const health = runtime.health();
    expect(health.status).toBe('degraded');
    expect(link('north')).toMatchObject({
      state: expect.stringMatching(/^(error|disconnected|connecting)$/),
    });
    expect(link('north')!.failures).toBeGreaterThan(0);
    expect(link('south')).toMatchObject({ state: 'connected', failures: 0, lastError: null });

    north = await startMosquitto({ port });
    await waitFor('the north link to come back', () => link('north')?.state === 'connected');
    await publish(north.url, 'factory/line1/pump1/level', 43);
    await waitFor('fresh north data', () => runtime.tags.get('line1/pump1/level')?.quality === Quality.Good);
    expect(runtime.health().status).toBe('ok');
  });
});
