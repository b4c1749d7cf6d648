import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSparkplug, type SparkplugPayload } from '../../electron/connectivity/sparkplug/codec.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { Device } from '../../shared/domain.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * The Devices screen's counters from real traffic over a real Mosquitto: a Sparkplug edge node
 * whose seq jumps is asked for a rebirth, counted against its device; a value from a clock far
 * ahead is counted as the device's error; messages are counted once each.
 */
describe('device counters over a real broker', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let node: MqttClient;
  const dir = makeTempDir();
  const rebirths: string[] = [];
  const send = (type: string, device: string | null, payload: SparkplugPayload) =>
    node.publishAsync(
      `spBv1.0/factory/${type}/press${device ? `/${device}` : ''}`,
      Buffer.from(encodeSparkplug(payload)),
      { qos: 1 },
    );
  const devices = async () =>
    ((await (await fetch(`${serving.url}/api/devices`)).json()) as { devices: Device[] }).devices;

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-counters' },
      port: 0,
      log: createMemoryLogger(),
    });
    node = await mqtt.connectAsync(broker.url, { clientId: 'press-node' });
    await node.subscribeAsync('spBv1.0/factory/NCMD/press');
    node.on('message', (topic) => rebirths.push(topic));
  });

  afterAll(async () => {
    await node?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('counts messages, refused values and rebirth requests per device', async () => {
    const now = Date.now();
    const flow = (value: number, timestamp = now) => ({
      name: 'flow',
      type: 'Double' as const,
      value,
      timestamp,
    });
    // The node's birth again until the host has subscribed and seen it; then its device's birth.
    await waitFor('the host to see the node', async () => {
      await send('NBIRTH', null, {
        timestamp: now,
        seq: 0,
        metrics: [
          { name: 'bdSeq', type: 'UInt64', value: 0 },
          { name: 'uptime', type: 'Double', value: 1 }, // a metric of its own: the node is a device
        ],
      });
      return (await devices()).some((d) => d.id === 'press');
    });
    await send('DBIRTH', 'pump1', { timestamp: now, seq: 1, metrics: [flow(1)] });
    await waitFor('the host to see the device', async () =>
      (await devices()).some((d) => d.id === 'press/pump1'),
    );
    const before = (await devices()).find((d) => d.id === 'press/pump1')!;
    expect(before).toMatchObject({ online: true, errorCount: 0, rebirths: 0, protocol: 'sparkplug' });

    // Seq 2 is due; 9 is a gap, and the value comes from a clock an hour ahead.
    await send('DDATA', 'pump1', { timestamp: now, seq: 9, metrics: [flow(2, now + 3_600_000)] });
    const after = await waitFor('the rebirth request and the error to be counted', async () => {
      const device = (await devices()).find((d) => d.id === 'press/pump1');
      return device && device.rebirths === 1 && device.errorCount === 1 ? device : undefined;
    });
    expect(after.messageRate).toBeGreaterThan(0);
    expect((await devices()).find((d) => d.id === 'press')?.rebirths).toBe(1);
    await waitFor('the rebirth request at the node', () => rebirths.length > 0);
    expect(rebirths).toEqual(['spBv1.0/factory/NCMD/press']);
  });
});
