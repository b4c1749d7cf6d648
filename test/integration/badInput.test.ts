import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { Runtime } from '../../electron/runtime/runtime.js';
import { Quality, qualitySeverity } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * Bad input from the site: each cause is counted in health, logged once, and ingest of
 * everything else goes on.
 */
describe('bad input from the site broker', () => {
  let broker: MosquittoHandle;
  let runtime: Runtime;
  let publisher: mqtt.MqttClient;
  const log = createMemoryLogger();
  const dir = makeTempDir();

  beforeAll(async () => {
    broker = await startMosquitto();
    runtime = new Runtime(
      { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-bad-input' },
      log,
    );
    await runtime.start();
    await waitFor('the site link', () => runtime.health().broker.state === 'connected');
    publisher = await mqtt.connectAsync(broker.url, { clientId: 'bad-device' });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await runtime?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('counts each cause, logs it once, and keeps ingesting good data', async () => {
    // A flow meter that has reported a number: from then on a text from it is a bad value.
    await publisher.publishAsync('factory/line1/pump1/flow', JSON.stringify({ value: 12.5 }));
    const bad: [string, string | Buffer][] = [
      ['factory/line1/pump1/flow', '{"value": 12.5'],
      ['factory/line1/pump1/flow', '[1, 2, 3]'],
      ['factory/line1/pump1/flow', '{"value": "ERR"}'],
      ['factory/nowhere', '{"value": 1}'],
      ['spBv1.0/factory/DDATA/line1/pump1', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [topic, payload] of bad) await publisher.publishAsync(topic, payload);
      await publisher.publishAsync(
        'factory/line1/pump1/level',
        JSON.stringify({ value: 40 + round, unit: '%' }),
      );
    }
    const health = await waitFor('all bad input to be counted', () => {
      const h = runtime.health();
      return h.ingest.errorTotal >= 15 && runtime.tags.get('line1/pump1/level')?.value === 42 ? h : undefined;
    });
    expect(health.ingest.errors).toEqual({
      'json.invalid': 3,
      'json.not_object': 3,
      'json.value_not_number': 3,
      'topic.unmapped': 3,
      'sparkplug.undecodable': 3,
    });
    expect(health.ingest.lastError).toMatch(/^sparkplug\.undecodable: /);
    for (const cause of Object.keys(health.ingest.errors)) {
      expect(log.lines.filter((line) => line.includes(`rejected input (${cause})`))).toHaveLength(1);
    }
    expect(runtime.tags.get('line1/pump1/level')).toMatchObject({
      value: 42,
      quality: Quality.Good,
      unit: '%',
    });
    expect(runtime.tags.get('line1/pump1/flow')).toMatchObject({
      value: null,
      quality: Quality.BadTypeMismatch,
    });
    expect(health.broker.state).toBe('connected');
  });

  it('flags a value outside the engineering range instead of hiding it', async () => {
    runtime.tags.define({
      id: 'line1/tank1/level',
      device: 'line1/tank1',
      name: 'level',
      description: '',
      unit: '%',
      dataType: 'number',
      engLow: 0,
      engHigh: 100,
    });
    await publisher.publishAsync('factory/line1/tank1/level', JSON.stringify({ value: 180, unit: '%' }));
    await waitFor('the out-of-range value', () => runtime.tags.get('line1/tank1/level')?.value === 180);
    expect(runtime.tags.get('line1/tank1/level')?.quality).toBe(Quality.UncertainEngineeringUnitsExceeded);
  });

  it('marks tags stale when the broker disappears, and recovers when it returns', async () => {
    const port = broker.port;
    await broker.stop();
    await waitFor('the link to drop', () => runtime.health().broker.state !== 'connected');
    expect(runtime.health().broker.failures).toBeGreaterThan(0);
    const level = await waitFor('stale tags', () => {
      const tag = runtime.tags.get('line1/pump1/level');
      return tag && qualitySeverity(tag.quality) === 'uncertain' ? tag : undefined;
    });
    expect(level).toMatchObject({ value: 42, quality: Quality.UncertainNoCommunicationLastUsableValue });
    expect(runtime.health().status).toBe('degraded');
    await runtime.historian.flush();
    const stored = await runtime.historian.queryRange({
      key: level.key,
      tag: level.id,
      from: 0,
      to: Date.now() + 1000,
      maxPoints: 100,
    });
    expect(stored.points.quality.at(-1)).toBe(Quality.UncertainNoCommunicationLastUsableValue);

    broker = await startMosquitto({ port });
    await waitFor('the link to come back', () => runtime.health().broker.state === 'connected', 30_000);
    await publisher.endAsync();
    publisher = await mqtt.connectAsync(broker.url, { clientId: 'bad-device' });
    await publisher.publishAsync('factory/line1/pump1/level', JSON.stringify({ value: 43, unit: '%' }));
    await waitFor('fresh good data', () => runtime.tags.get('line1/pump1/level')?.quality === Quality.Good);
  });
});

describe('a site broker that refuses the connection', () => {
  it('reports the refusal in health and keeps the app running', async () => {
    const dir = makeTempDir();
    const log = createMemoryLogger();
    const runtime = new Runtime({ dataDir: dir.path, brokerUrl: 'mqtt://127.0.0.1:1', demo: false }, log);
    await runtime.start();
    const health = await waitFor('the refusal', () => {
      const h = runtime.health();
      return h.broker.lastError ? h : undefined;
    });
    expect(health.broker.lastError).toMatch(/ECONNREFUSED/);
    expect(health.broker.failures).toBeGreaterThan(0);
    expect(health.status).toBe('degraded');
    expect(health.historian.state).toBe('ok');
    expect(
      await runtime.dispatch(
        'tags.list',
        {},
        { caller: { user: 't', roles: ['viewer'] }, session: { subscribe: () => 0, close: () => {} } },
      ),
    ).toEqual({
      ok: true,
      result: { tags: [] },
    });
    await runtime.stop();
    dir.remove();
  });
});
