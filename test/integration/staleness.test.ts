import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { Device, HistoryResult, Tag } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs } from '../helpers/wsClient.js';

const DEVICE = 'line1/pump1';
const FLOW = 'line1/pump1/flow';

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/**
 * Honest staleness over a real Mosquitto: a JSON device whose engineer-set timeout passes in
 * silence goes offline, its value turns stale on screen (tags.list), in history and in the
 * current value that alarms will read; it comes back good when it speaks. Configuration
 * survives a restart and the device's next description does not wipe it.
 */
describe('staleness and configuration over a real broker', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let device: MqttClient;
  const dir = makeTempDir();
  const start = () =>
    startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-stale' },
      port: 0,
      log: createMemoryLogger(),
    });
  const publish = (value: number) =>
    device.publishAsync(`factory/${FLOW}`, JSON.stringify({ value, unit: 'm³/h' }), { qos: 1 });
  const tag = async () =>
    (await getJson<{ tags: Tag[] }>(`${serving.url}/api/tags`)).tags.find((t) => t.id === FLOW);
  const deviceState = async () =>
    (await getJson<{ devices: Device[] }>(`${serving.url}/api/devices`)).devices.find((d) => d.id === DEVICE);

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await start();
    device = await mqtt.connectAsync(broker.url, { clientId: 'stale-device' });
  });

  afterAll(async () => {
    await device?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('turns a device silent past its configured timeout offline and its value stale, everywhere', async () => {
    await waitFor('the site client to subscribe', async () => {
      await publish(41);
      return (await tag())?.value === 41;
    });
    const ws = await connectWs(serving.url);
    const configured = await ws.call('devices.configure', {
      device: DEVICE,
      config: { staleAfterMs: 2_000 },
      baseVersion: 0,
    });
    expect(configured).toMatchObject({ ok: true, result: { device: { staleAfterSource: 'configured' } } });
    await publish(42);
    await waitFor('the value 42', async () => (await tag())?.value === 42);

    // Silence: no more messages from the device.
    const stale = await waitFor('the device to go offline', async () => {
      const [state, current] = [await deviceState(), await tag()];
      return state?.online === false ? current : undefined;
    });
    expect(stale).toMatchObject({ value: 42, quality: Quality.UncertainNoCommunicationLastUsableValue });
    // In history too, once the historian has committed the stale marker (it writes in batches).
    const history = await waitFor('a stale sample in history', async () => {
      const result = await getJson<HistoryResult>(
        `${serving.url}/api/history?tag=${FLOW}&from=${Date.now() - 60_000}&to=${Date.now() + 1_000}`,
      );
      return result.points.quality.at(-1) === Quality.UncertainNoCommunicationLastUsableValue
        ? result
        : undefined;
    });
    expect(history.points.value.at(-1)).toBe(42);

    await publish(43);
    await waitFor('the device back online with a good value', async () => {
      const [state, current] = [await deviceState(), await tag()];
      return state?.online === true && current?.value === 43 && current.quality === Quality.Good;
    });
    ws.close();
  });

  it("keeps an engineer's tag configuration across a restart and the device's next description", async () => {
    const ws = await connectWs(serving.url);
    const answer = await ws.call('tags.configure', {
      tag: FLOW,
      config: { unit: 'l/s', engRange: { low: 0, high: 40 } },
      baseVersion: 0,
    });
    expect(answer).toMatchObject({ ok: true, result: { version: 1 } });
    ws.close();
    await serving.stop();
    serving = await start();
    expect(await tag()).toMatchObject({ unit: 'l/s', engLow: 0, engHigh: 40 });
    // The device describes the tag anew (its unit with every message): the edit holds.
    await waitFor('a value after the restart', async () => {
      await publish(12);
      return (await tag())?.value === 12;
    });
    expect(await tag()).toMatchObject({ unit: 'l/s', engHigh: 40, quality: Quality.Good });
    const timeout = await deviceState();
    expect(timeout).toMatchObject({ staleAfterMs: 2_000, staleAfterSource: 'configured', configVersion: 1 });
  });
});
