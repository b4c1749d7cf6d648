import mqtt, { type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTestPki, startMosquittoTls } from '../../helpers/mosquittoTls.js';
import { startTcpProxy } from '../../helpers/tcpProxy.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

describe('test TCP proxy (against a real Mosquitto)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function setUp(options: { mqtt?: boolean } = { mqtt: true }) {
    const broker = await startMosquitto();
    cleanups.push(() => broker.stop());
    const proxy = await startTcpProxy({ port: broker.port }, options);
    cleanups.push(() => proxy.stop());
    return { broker, proxy, url: `mqtt://127.0.0.1:${proxy.port}` };
  }

  async function connect(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
    cleanups.push(() => client.endAsync(true));
    return client;
  }

  async function subscriber(broker: MosquittoHandle, topic: string): Promise<string[]> {
    const client = await connect(broker.url);
    const got: string[] = [];
    client.on('message', (_topic, payload) => got.push(payload.toString()));
    await client.subscribeAsync(topic, { qos: 1 });
    return got;
  }

  it('passes MQTT through both ways', async () => {
    const { broker, url } = await setUp();
    const got = await subscriber(broker, 't');
    const client = await connect(url);
    await client.publishAsync('t', 'hello', { qos: 1 });
    await waitFor('the message', () => got.includes('hello'));
  });

  it('cuts both sides of every open connection', async () => {
    const { proxy, url } = await setUp();
    const client = await connect(url);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    proxy.cut();
    await closed;
    expect(proxy.open).toBe(0);
  });

  it('stalls: accepts the connection but the client never gets a CONNACK', async () => {
    const { proxy, url } = await setUp();
    proxy.stall();
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 500 });
    cleanups.push(() => client.endAsync(true));
    let connected = false;
    client.on('connect', () => (connected = true));
    await new Promise<void>((resolve) => client.once('close', () => resolve()));
    expect(proxy.accepted).toBe(1);
    expect(connected).toBe(false);
    proxy.pass();
    await connect(url);
  });

  it('cuts in the middle of a PUBLISH: the broker never delivers it, and later ones arrive', async () => {
    const { broker, proxy, url } = await setUp();
    const got = await subscriber(broker, 't');
    const client = await connect(url);
    const cut = proxy.cutMidPublish(20);
    client.publish('t', 'x'.repeat(1000), { qos: 1 }, () => {});
    await cut;
    await waitFor('the connection closed', () => proxy.open === 0);
    const marker = await connect(broker.url);
    await marker.publishAsync('t', 'marker', { qos: 1 });
    const again = await connect(url);
    await again.publishAsync('t', 'after', { qos: 1 });
    await waitFor('the later messages', () => got.includes('marker') && got.includes('after'));
    expect(got).toEqual(['marker', 'after']);
  });

  it('holds PUBACKs back and releases them newest first', async () => {
    const { proxy, url } = await setUp();
    const client = await connect(url);
    proxy.holdPubacks();
    const acked: number[] = [];
    const sent = [1, 2, 3].map((n) =>
      client.publishAsync('t', String(n), { qos: 1 }).then(() => acked.push(n)),
    );
    await waitFor('three PUBACKs held', () => proxy.held === 3);
    expect(acked).toEqual([]);
    expect(proxy.releasePubacks('reverse')).toBe(3);
    await Promise.all(sent);
    expect(acked).toEqual([3, 2, 1]);
  });

  it('disconnects every few hundred ms while a client keeps reconnecting', async () => {
    const { proxy, url } = await setUp();
    const client = mqtt.connect(url, { reconnectPeriod: 50 });
    cleanups.push(() => client.endAsync(true));
    proxy.disconnectEvery(200);
    await waitFor('three connections', () => proxy.accepted >= 3);
    proxy.disconnectEvery(null);
  });

  it('carries TLS with client certificates, and cuts it after some bytes', async () => {
    const dir = makeTempDir();
    cleanups.push(() => dir.remove());
    const pki = await makeTestPki(dir.path);
    const broker = await startMosquittoTls({ pki, dir: dir.path, requireCertificate: true });
    cleanups.push(() => broker.stop());
    const proxy = await startTcpProxy({ port: broker.port });
    cleanups.push(() => proxy.stop());
    const tls = {
      ca: readFileSync(pki.caFile),
      cert: readFileSync(pki.clientCert),
      key: readFileSync(pki.clientKey),
    };
    const client = await connect(`mqtts://127.0.0.1:${proxy.port}`, tls);
    await client.publishAsync('t', 'over tls', { qos: 1 });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const cut = proxy.cutAfterBytes(100);
    client.publish('t', 'y'.repeat(10_000), { qos: 1 }, () => {});
    await cut;
    await closed;
  });
});

describe('cloud Mosquitto restart', () => {
  const dirs: ReturnType<typeof makeTempDir>[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

  async function sessionAfterRestart(persist: boolean): Promise<{ sessionPresent: boolean; got: string[] }> {
    const dir = makeTempDir();
    dirs.push(dir);
    const persistence = persist ? { persistenceDir: dir.path } : {};
    let broker = await startMosquitto(persistence);
    const options = { clientId: 'cloud-reader', clean: false, reconnectPeriod: 0 };
    const reader = await mqtt.connectAsync(broker.url, options);
    await reader.subscribeAsync('t', { qos: 1 });
    await reader.endAsync();
    const site = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    await site.publishAsync('t', 'queued', { qos: 1 });
    await site.endAsync();
    await broker.stop();
    broker = await startMosquitto({ port: broker.port, ...persistence });
    try {
      const again = mqtt.connect(broker.url, { ...options, manualConnect: true });
      const got: string[] = [];
      again.on('message', (_topic, payload) => got.push(payload.toString()));
      const connack = new Promise<{ sessionPresent: boolean }>((resolve) => again.once('connect', resolve));
      again.connect();
      const { sessionPresent } = await connack;
      if (sessionPresent) await waitFor('the queued message', () => got.length > 0);
      await again.endAsync();
      return { sessionPresent, got };
    } finally {
      await broker.stop();
    }
  }

  it('keeps sessions and queued messages across a restart with persistence', async () => {
    expect(await sessionAfterRestart(true)).toEqual({ sessionPresent: true, got: ['queued'] });
  });

  it('forgets them without persistence', async () => {
    expect(await sessionAfterRestart(false)).toEqual({ sessionPresent: false, got: [] });
  });
});
