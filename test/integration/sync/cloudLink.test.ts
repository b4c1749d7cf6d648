import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BrokerConfigSchema, type BrokerConfigInput } from '../../../shared/siteConfig.js';
import { CredentialFile } from '../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { CloudLink, type CloudLinkStatus, type CloudSession } from '../../../electron/sync/cloudLink.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTestPki, startMosquittoTls, type TestPki } from '../../helpers/mosquittoTls.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

const DOWN = 'wk/v1/site1/down/config';

/** The cloud link against real Mosquittos: plain, and TLS with a client certificate or a login. */
describe('CloudLink', () => {
  const dir = makeTempDir('wk-cloudlink-');
  let broker: MosquittoHandle;
  let pki: TestPki;
  const credentials = new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'test file' });
  const links: CloudLink[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    pki = await makeTestPki(dir.path);
  });
  afterEach(async () => {
    for (const link of links.splice(0)) await link.stop();
  });
  afterAll(async () => {
    await broker.stop();
    dir.remove();
  });

  function open(config: BrokerConfigInput) {
    const statuses: CloudLinkStatus[] = [];
    const downward: string[] = [];
    const sessions: (CloudSession | null)[] = [];
    const link = new CloudLink({
      broker: BrokerConfigSchema.parse({ reconnect: { initialMs: 50, maxMs: 200 }, ...config }),
      downTopic: DOWN,
      subscribeDown: true,
      credentials,
      log: createMemoryLogger(),
      onDownward: (_topic, payload) => downward.push(payload.toString()),
      onSession: (session) => sessions.push(session),
      onStatus: (status) => statuses.push(status),
    });
    links.push(link);
    link.start();
    const session = () => sessions.at(-1) ?? undefined;
    return { link, statuses, downward, sessions, session };
  }

  async function sendDown(url: string, text: string, options: mqtt.IClientOptions = {}) {
    const client = await mqtt.connectAsync(url, options);
    await client.publishAsync(DOWN, text, { qos: 1 });
    await client.endAsync();
  }

  it('comes up, publishes with QoS 1 and is told of each PUBACK', async () => {
    const { link, session } = open({ id: 'cloud', url: broker.url, clientId: 'wk-link-1' });
    const up = await waitFor('a session', session);
    expect(link.current().state).toBe('up');
    const watcher = await mqtt.connectAsync(broker.url);
    const received: string[] = [];
    watcher.on('message', (_topic, payload) => received.push(payload.toString()));
    await watcher.subscribeAsync('wk/v1/site1/up/#', { qos: 1 });
    const acked = await new Promise<Error | undefined>((resolve) =>
      up.publish('wk/v1/site1/up/alarms', Buffer.from('batch-1'), resolve),
    );
    expect(acked).toBeUndefined();
    await waitFor('the batch at a subscriber', () => received.includes('batch-1'));
    await watcher.endAsync();
  });

  it('keeps its session: a document sent while the site was away arrives when it is back', async () => {
    const first = open({ id: 'cloud', url: broker.url, clientId: 'wk-link-persist' });
    await waitFor('a session', first.session);
    await waitFor('the subscription', async () => {
      await sendDown(broker.url, 'probe');
      return first.downward.includes('probe');
    });
    await first.link.stop();
    expect(first.link.current().state).toBe('off');
    await sendDown(broker.url, 'while-away');
    const second = open({ id: 'cloud', url: broker.url, clientId: 'wk-link-persist' });
    await waitFor('the queued document', () => second.downward.includes('while-away'));
  });

  it('is down, says why and when it tries again, while the broker cannot be reached', async () => {
    const { link, statuses } = open({ id: 'cloud', url: 'mqtt://127.0.0.1:1', clientId: 'wk-link-down' });
    const down = await waitFor('down', () => statuses.find((s) => s.state === 'down'));
    expect(down.detail).toMatch(/ECONNREFUSED.*next attempt in \d+ s/);
    expect(link.current().broker).toBe('mqtt://127.0.0.1:1');
  });

  it('is degraded with the reason until a PUBACK comes, and reconnects meanwhile', async () => {
    const { link, sessions, statuses } = open({ id: 'cloud', url: broker.url, clientId: 'wk-link-degr' });
    await waitFor('a session', () => sessions.at(-1));
    link.degrade('the broker took 3 batches but acknowledged none of the oldest for 20 s');
    expect(link.current()).toMatchObject({
      state: 'degraded',
      detail: expect.stringMatching(/acknowledged none/),
    });
    expect(sessions.at(-1)).toBeNull();
    await waitFor('a new session', () => sessions.length >= 3 && sessions.at(-1));
    expect(link.current().state).toBe('degraded');
    link.healthy();
    expect(link.current()).toMatchObject({ state: 'up', detail: null });
    expect(statuses.map((s) => s.state)).toContain('degraded');
  });

  it('connects over TLS with a client certificate and with a username and stored password', async () => {
    const certBroker = await startMosquittoTls({ pki, dir: dir.path, requireCertificate: true });
    const loginBroker = await startMosquittoTls({ pki, dir: dir.path, users: { site1: 'S3cret-pw' } });
    try {
      await credentials.set('cloud-login', 'S3cret-pw');
      const cert = open({
        id: 'cloud-cert',
        url: certBroker.url,
        tls: { caFile: pki.caFile, certFile: pki.clientCert, keyFile: pki.clientKey },
      });
      const login = open({
        id: 'cloud-login',
        url: loginBroker.url,
        mqttVersion: 5,
        username: 'site1',
        tls: { caFile: pki.caFile },
      });
      await waitFor('both up', () => cert.session() && login.session());
      const wrong = open({ id: 'cloud-wrong', url: certBroker.url, tls: { caFile: pki.otherCaFile } });
      const refused = await waitFor('refused', () => wrong.statuses.find((s) => s.state === 'down'));
      expect(refused.detail).toMatch(/TLS/);
    } finally {
      for (const link of links.splice(0)) await link.stop();
      await Promise.all([certBroker.stop(), loginBroker.stop()]);
    }
  });
});
