import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputErrors } from '../../../electron/connectivity/inputErrors.js';
import type { JsonTopicDecoder } from '../../../electron/connectivity/siteDecoder.js';
import { SiteConnections } from '../../../electron/connectivity/siteConnections.js';
import type { TopicRoute } from '../../../electron/connectivity/topicRoutes.js';
import { CredentialFile } from '../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { BrokerConfigSchema } from '../../../shared/siteConfig.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

/**
 * Extra topic routes on a real broker link (what alarm sync subscribes with): added while
 * connected, renewed on every session, removed again, and never mixed with JSON ingest.
 */
describe('topic routes on a broker link', () => {
  let broker: MosquittoHandle;
  let links: SiteConnections;
  const dir = makeTempDir();
  const jsonTopics: string[] = [];
  const routed: { topic: string; retained: boolean }[] = [];
  let sessions = 0;
  const route: TopicRoute = {
    filter: 'watchkeeper/alarms/v1/plant/#',
    qos: 1,
    onMessage: (topic, _payload, retained) => routed.push({ topic, retained }),
    onSession: () => sessions++,
  };
  const state = () => links.health()[0]?.state;

  async function publish(topic: string, payload: string, retain = false): Promise<void> {
    const client = await mqtt.connectAsync(broker.url, { clientId: 'route-test-publisher' });
    await client.publishAsync(topic, payload, { qos: 1, retain });
    await client.endAsync();
  }

  beforeAll(async () => {
    broker = await startMosquitto();
    const log = createMemoryLogger();
    const errors = new InputErrors(log);
    const json: JsonTopicDecoder = {
      topicFilters: () => ['#'],
      handle: (topic) => {
        jsonTopics.push(topic);
        return [];
      },
    };
    links = new SiteConnections({
      brokers: [
        {
          config: BrokerConfigSchema.parse({
            id: 'site',
            url: broker.url,
            clientId: 'wk-routes',
            reconnect: { initialMs: 100, maxMs: 500 },
          }),
        },
      ],
      json,
      credentials: new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'test' }),
      log,
      errors,
      sink: { accept: () => {} },
    });
    await links.start();
    await waitFor('the link', () => state() === 'connected');
  });

  afterAll(async () => {
    await links?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('subscribes a route added while connected: retained and live messages reach it, not ingest', async () => {
    await publish('watchkeeper/alarms/v1/plant/state/a', 'kept', true);
    await waitFor('the message read as JSON while no route takes it', () => jsonTopics.length === 1);
    jsonTopics.length = 0;
    expect(links.setTopicRoutes('elsewhere', [route])).toBe(false);
    expect(links.setTopicRoutes('site', [route])).toBe(true);
    await waitFor('the session', () => sessions === 1);
    await waitFor('the retained message', () => routed.length === 1);
    await publish('watchkeeper/alarms/v1/plant/action/b', 'live');
    await publish('factory/line1/pump1/flow', '{"value":1}');
    await waitFor(
      'the live message and the device',
      () => routed.length === 2 && jsonTopics.includes('factory/line1/pump1/flow'),
    );
    expect(routed).toEqual([
      { topic: 'watchkeeper/alarms/v1/plant/state/a', retained: true },
      { topic: 'watchkeeper/alarms/v1/plant/action/b', retained: false },
    ]);
    expect(jsonTopics.filter((topic) => topic.startsWith('watchkeeper/'))).toEqual([]);
  });

  it('subscribes again, and starts a new session, when the link comes back', async () => {
    const port = broker.port;
    await broker.stop();
    await waitFor('the link down', () => state() !== 'connected');
    broker = await startMosquitto({ port });
    await waitFor('the second session', () => sessions === 2);
    routed.length = 0;
    await publish('watchkeeper/alarms/v1/plant/action/c', 'after');
    await waitFor('the message after reconnecting', () => routed.length === 1);
  });

  it('hands the topics back to ingest when the route is removed', async () => {
    links.setTopicRoutes('site', []);
    routed.length = 0;
    await publish('watchkeeper/alarms/v1/plant/action/d', 'now json');
    await waitFor('the topic in ingest', () => jsonTopics.includes('watchkeeper/alarms/v1/plant/action/d'));
    expect(routed).toEqual([]);
  });
});
