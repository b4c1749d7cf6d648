import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputErrors } from '../../../electron/connectivity/inputErrors.js';
import type { IngestEvent } from '../../../electron/connectivity/ingestEvents.js';
import { SiteConnections } from '../../../electron/connectivity/siteConnections.js';
import { CredentialFile } from '../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { BrokerConfigSchema } from '../../../shared/siteConfig.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { shippedMapping } from '../../helpers/shippedMapping.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

/**
 * MQTT 5 and 3.1.1 links to a real Mosquitto: data in, and publishes out that are refused
 * rather than queued while the link is down (what commands will rely on).
 */
describe('publishing through broker links', () => {
  let broker: MosquittoHandle;
  let links: SiteConnections;
  const events: IngestEvent[] = [];
  const dir = makeTempDir();
  const log = createMemoryLogger();

  const state = (id: string) => links.health().find((link) => link.id === id)?.state;

  /** A fresh MQTT 5 client's view of the retained messages under `topic/#`. */
  async function retained(topic: string): Promise<Map<string, string>> {
    const client = await mqtt.connectAsync(broker.url, {
      clientId: 'wk-retained-reader',
      protocolVersion: 5,
    });
    const seen = new Map<string, string>();
    client.on('message', (t, payload, packet) => {
      if (packet.retain) seen.set(t, payload.toString());
    });
    await client.subscribeAsync(`${topic}/#`, { qos: 1 });
    await waitFor('the marker', () => seen.has(`${topic}/marker`));
    await client.endAsync();
    return seen;
  }

  beforeAll(async () => {
    broker = await startMosquitto();
    const errors = new InputErrors(log);
    const reconnect = { initialMs: 100, maxMs: 1_000 };
    links = new SiteConnections({
      brokers: [
        {
          config: BrokerConfigSchema.parse({
            id: 'v5',
            url: broker.url,
            mqttVersion: 5,
            clientId: 'wk-v5',
            reconnect,
          }),
        },
        { config: BrokerConfigSchema.parse({ id: 'v311', url: broker.url, clientId: 'wk-v311', reconnect }) },
      ],
      json: shippedMapping(errors),
      credentials: new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'test file' }),
      log,
      errors,
      sink: { accept: (event) => events.push(event) },
    });
    await links.start();
    await waitFor('both links', () => state('v5') === 'connected' && state('v311') === 'connected');
  });

  afterAll(async () => {
    await links?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('takes device data over MQTT 5 and over 3.1.1, each event naming its link', async () => {
    const device = await mqtt.connectAsync(broker.url, { clientId: 'device-v5', protocolVersion: 5 });
    await device.publishAsync('factory/line1/pump1/flow', JSON.stringify({ value: 7.5 }), { qos: 1 });
    await device.endAsync();
    const from = (broker: string) =>
      events.find((e) => e.kind === 'samples' && e.device.broker === broker && e.samples[0]?.value === 7.5);
    await waitFor('the sample on both links', () => from('v5') && from('v311'));
    expect(links.health().find((l) => l.id === 'v5')).toMatchObject({ mqttVersion: 5, messages: 1 });
  });

  it('publishes with a message expiry on MQTT 5', async () => {
    const reader = await mqtt.connectAsync(broker.url, { clientId: 'wk-expiry-reader', protocolVersion: 5 });
    let expiry: number | undefined;
    reader.on('message', (_topic, _payload, packet) => (expiry = packet.properties?.messageExpiryInterval));
    await reader.subscribeAsync('cmd/expiring', { qos: 1 });
    const outcome = await links.publish('v5', 'cmd/expiring', Buffer.from('{"start":true}'), {
      qos: 1,
      retain: false,
      messageExpirySeconds: 30,
    });
    expect(outcome).toEqual({ ok: true });
    await waitFor('the expiring message', () => expiry !== undefined);
    expect(expiry).toBeGreaterThan(0);
    expect(expiry).toBeLessThanOrEqual(30);
    await reader.endAsync();
  });

  it('says why a publish cannot go: unknown broker, a wildcard topic', async () => {
    const payload = Buffer.from('x');
    const options = { qos: 1 as const, retain: false };
    expect(await links.publish('nowhere', 'cmd/a', payload, options)).toMatchObject({
      ok: false,
      code: 'UNKNOWN_BROKER',
    });
    expect(await links.publish('v5', 'cmd/#', payload, options)).toMatchObject({
      ok: false,
      code: 'BAD_TOPIC',
    });
  });

  it('refuses a publish while the link is down and never sends it later, on MQTT 5 and 3.1.1', async () => {
    const port = broker.port;
    await broker.stop();
    await waitFor('both links down', () => state('v5') !== 'connected' && state('v311') !== 'connected');
    for (const id of ['v5', 'v311']) {
      const outcome = await links.publish(id, `late/${id}`, Buffer.from('stale command'), {
        qos: 1,
        retain: true,
        messageExpirySeconds: 60,
      });
      expect(outcome).toMatchObject({ ok: false, code: 'LINK_DOWN' });
      expect(outcome.ok ? '' : outcome.message).toMatch(/nothing is queued/);
    }
    broker = await startMosquitto({ port });
    await waitFor('both links back', () => state('v5') === 'connected' && state('v311') === 'connected');
    // Published after the reconnect: anything the links had queued would have gone before it.
    for (const id of ['v5', 'v311'])
      expect(await links.publish(id, `late/marker`, Buffer.from(id), { qos: 1, retain: true })).toEqual({
        ok: true,
      });
    const seen = await retained('late');
    expect([...seen.keys()]).toEqual(['late/marker']);
  });
});
