import { writeFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../../helpers/serveProcess.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

const HOST_ID = 'wk-test-host';
const TOPIC = `spBv1.0/STATE/${HOST_ID}`;

interface HostState {
  online: boolean;
  timestamp: number;
}

/**
 * The Sparkplug host session of a real `watchkeeper serve` against a real Mosquitto: STATE
 * online (retained) while it runs, the Will's offline with the same timestamp when it dies, and
 * offline on a clean stop (sparkplug-host.md, "Host session").
 */
describe('the Sparkplug host STATE of watchkeeper serve', () => {
  let broker: MosquittoHandle;
  let watcher: mqtt.MqttClient;
  let serve: ServeProcess | null = null;
  const seen: HostState[] = [];
  const dir = makeTempDir();
  const brokersFile = `${dir.path}/brokers.json`;

  /** What a host or edge node connecting now would find retained. */
  async function retainedState(): Promise<HostState> {
    const reader = await mqtt.connectAsync(broker.url, { clientId: 'wk-state-reader' });
    let state: HostState | undefined;
    reader.on('message', (_topic, payload, packet) => {
      if (packet.retain) state = JSON.parse(payload.toString()) as HostState;
    });
    await reader.subscribeAsync(TOPIC, { qos: 1 });
    const found = await waitFor('the retained STATE', () => state);
    await reader.endAsync();
    return found;
  }

  const serveArgs = () => ['--data-dir', `${dir.path}/data`, '--brokers', brokersFile, '--no-demo'];

  beforeAll(async () => {
    broker = await startMosquitto();
    writeFileSync(
      brokersFile,
      JSON.stringify({
        brokers: [
          {
            id: 'plant',
            url: broker.url,
            clientId: 'wk-host-test',
            sparkplug: { hostId: HOST_ID },
            reconnect: { initialMs: 100, maxMs: 1_000 },
          },
        ],
      }),
    );
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'wk-state-watcher' });
    watcher.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()) as HostState));
    await watcher.subscribeAsync(TOPIC, { qos: 1 });
  });

  afterAll(async () => {
    await serve?.stop('SIGKILL');
    await watcher?.endAsync();
    await broker?.stop();
    dir.remove();
  });

  it('is online while serve runs, and the Will says offline with the same timestamp after kill -9', async () => {
    const before = Date.now();
    serve = await startServeProcess(serveArgs());
    const online = await waitFor('STATE online', () => seen.find((s) => s.online));
    expect(online.timestamp).toBeGreaterThanOrEqual(before);
    expect(await retainedState()).toEqual(online);

    await serve.stop('SIGKILL');
    serve = null;
    const will = await waitFor('the Will', () => seen.find((s) => !s.online));
    expect(will).toEqual({ online: false, timestamp: online.timestamp });
    expect(await retainedState()).toEqual(will);
  });

  it('gives each new session a fresh Will: after the broker restarts, online and Will carry the new connect time', async () => {
    serve = await startServeProcess(serveArgs());
    const first = await waitFor('STATE online', () => seen.find((s) => s.online));
    const port = broker.port;
    await watcher.endAsync();
    await broker.stop();
    broker = await startMosquitto({ port });
    seen.length = 0;
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'wk-state-watcher' });
    watcher.on('message', (_topic, payload) => seen.push(JSON.parse(payload.toString()) as HostState));
    await watcher.subscribeAsync(TOPIC, { qos: 1 });
    const second = await waitFor('STATE online in the new session', () => seen.find((s) => s.online));
    expect(second.timestamp).toBeGreaterThan(first.timestamp);

    await serve.stop('SIGKILL');
    serve = null;
    // mqtt.js's own reconnect would have sent the first session's Will again.
    expect(await waitFor('the Will', () => seen.find((s) => !s.online))).toEqual({
      online: false,
      timestamp: second.timestamp,
    });
  });

  it('says online again on restart, answers a false offline at once, and says offline on a clean stop', async () => {
    seen.length = 0;
    serve = await startServeProcess(serveArgs());
    const online = await waitFor('STATE online again', () => seen.find((s) => s.online));
    const onlines = () => seen.filter((s) => s.online).length;
    const before = onlines();

    // Someone claims the host is offline while it is not: the host corrects it.
    const liar = await mqtt.connectAsync(broker.url, { clientId: 'wk-state-liar' });
    await liar.publishAsync(TOPIC, JSON.stringify({ online: false, timestamp: online.timestamp }), {
      qos: 1,
      retain: true,
    });
    await liar.endAsync();
    await waitFor('the host to say online again', () => onlines() > before);
    expect(seen.at(-1)).toEqual(online);
    expect(await retainedState()).toEqual(online);

    expect(await serve.stop('SIGINT')).toBe(0);
    serve = null;
    const offline = await waitFor('STATE offline', () => seen.at(-1)?.online === false && seen.at(-1));
    expect(offline.timestamp).toBeGreaterThanOrEqual(online.timestamp);
    expect(await retainedState()).toEqual(offline);
  });
});
