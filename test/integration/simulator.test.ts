import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoPlantSimulator } from '../../electron/simulator/simulator.js';
import type { JsonSample } from '../../electron/simulator/jsonPublisher.js';
import {
  decodeSparkplug,
  encodeSparkplug,
  type SparkplugPayload,
} from '../../electron/connectivity/sparkplug/codec.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';

let broker: MosquittoHandle | undefined;

beforeAll(async () => {
  broker = await startMosquitto();
}, 20_000);

afterAll(async () => {
  await broker?.stop();
});

interface Received {
  topic: string;
  payload: Buffer;
}

interface Listener {
  client: MqttClient;
  messages: Received[];
}

function brokerUrl(): string {
  if (!broker) throw new Error('mosquitto did not start');
  return broker.url;
}

async function listen(filter: string, clientId: string): Promise<Listener> {
  const client = await mqtt.connectAsync(brokerUrl(), { clientId, reconnectPeriod: 0 });
  const messages: Received[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload: Buffer.from(payload) }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { client, messages };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `spBv1.0/factory/DDATA/line1/pump1` → { type: 'DDATA', node: 'line1', device: 'pump1' } */
function parseTopic(topic: string): { type: string; node: string; device?: string } {
  const [, , type = '', node = '', device] = topic.split('/');
  return device === undefined ? { type, node } : { type, node, device };
}

function bdSeqOf(payload: SparkplugPayload): number | undefined {
  const value = payload.metrics.find((m) => m.name === 'bdSeq')?.value;
  return typeof value === 'number' ? value : undefined;
}

describe('DemoPlantSimulator against Mosquitto', () => {
  it('publishes Sparkplug births and data with consistent seq, and answers a Rebirth', async () => {
    const listener = await listen('spBv1.0/factory/#', 'wk-it-sparkplug-host');
    const simulator = new DemoPlantSimulator({
      brokerUrl: brokerUrl(),
      format: 'sparkplug',
      devices: 6,
      rateHz: 5,
      seed: 3,
      clientId: 'wk-it-sparkplug',
    });
    await simulator.start();
    await sleep(3000);
    const rebirth = encodeSparkplug({
      timestamp: Date.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    const beforeRebirth = listener.messages.length;
    await listener.client.publishAsync('spBv1.0/factory/NCMD/line1', Buffer.from(rebirth));
    await sleep(600);
    await simulator.stop();
    await sleep(200);
    await listener.client.endAsync();

    const messages = listener.messages
      .map((m, index) => ({ ...parseTopic(m.topic), index, payload: decodeSparkplug(m.payload) }))
      .filter((m) => m.type !== 'NCMD');
    expect(new Set(messages.map((m) => m.node))).toEqual(new Set(['line1', 'utilities']));
    for (const node of ['line1', 'utilities']) {
      const own = messages.filter((m) => m.node === node);
      expect(own[0]?.type).toBe('NBIRTH');
      expect(own[0]?.payload.seq).toBe(0);
      const bdSeq = bdSeqOf(own[0]?.payload ?? { metrics: [] });
      expect(bdSeq).toBe(0);
      const aliases = new Map<string, Set<number>>();
      let seq = -1;
      for (const m of own) {
        if (m.type === 'NDEATH') {
          expect(bdSeqOf(m.payload)).toBe(bdSeq);
          continue;
        }
        expect(m.payload.seq).toBe(m.type === 'NBIRTH' ? 0 : (seq + 1) % 256);
        seq = m.payload.seq ?? -1;
        if (m.type === 'DBIRTH')
          aliases.set(m.device ?? '', new Set(m.payload.metrics.map((x) => x.alias ?? -1)));
        if (m.type === 'DDATA') {
          const born = aliases.get(m.device ?? '');
          expect(born, `DBIRTH before DDATA for ${m.device}`).toBeDefined();
          expect(new Set(m.payload.metrics.map((x) => x.alias))).toEqual(born);
          expect(
            m.payload.metrics.every((x) => x.name === undefined && typeof x.timestamp === 'number'),
          ).toBe(true);
        }
      }
      expect(own.at(-1)?.type).toBe('NDEATH');
      expect(own.filter((m) => m.type === 'DDATA').length).toBeGreaterThan(3 * 10);
    }
    const nbirthsAfterRebirth = messages.filter((m) => m.type === 'NBIRTH' && m.index >= beforeRebirth);
    expect(nbirthsAfterRebirth.map((m) => [m.node, m.payload.seq, bdSeqOf(m.payload)])).toEqual([
      ['line1', 0, 0],
    ]);
    expect(simulator.stats().published).toBeGreaterThan(0);
  }, 20_000);

  it('starts a new Sparkplug session with the next bdSeq after losing its connection', async () => {
    const listener = await listen('spBv1.0/factory/#', 'wk-it-takeover-host');
    const simulator = new DemoPlantSimulator({
      brokerUrl: brokerUrl(),
      format: 'sparkplug',
      devices: 3,
      rateHz: 5,
      clientId: 'wk-it-takeover',
    });
    await simulator.start();
    await sleep(1000);
    // Connecting with the edge node's client id makes the broker drop the simulator's connection.
    const intruder = await mqtt.connectAsync(brokerUrl(), {
      clientId: 'wk-it-takeover-line1',
      reconnectPeriod: 0,
    });
    await intruder.endAsync();
    await sleep(3000);
    await simulator.stop();
    await sleep(200);
    await listener.client.endAsync();

    const lifecycle = listener.messages
      .map((m) => ({ ...parseTopic(m.topic), payload: decodeSparkplug(m.payload) }))
      .filter((m) => m.type === 'NBIRTH' || m.type === 'NDEATH')
      .map((m) => `${m.type} ${bdSeqOf(m.payload)}`);
    // Mosquitto publishes the first session's Will on takeover; the reconnect must carry the next bdSeq.
    expect(lifecycle).toEqual(['NBIRTH 0', 'NDEATH 0', 'NBIRTH 1', 'NDEATH 1']);
  }, 20_000);

  it('publishes plain JSON samples on factory/{area}/{device}/{tag} with a seq per topic', async () => {
    const listener = await listen('factory/#', 'wk-it-json-consumer');
    const simulator = new DemoPlantSimulator({
      brokerUrl: brokerUrl(),
      format: 'json',
      devices: 6,
      rateHz: 5,
      seed: 3,
      clientId: 'wk-it-json',
    });
    await simulator.start();
    await sleep(3000);
    await simulator.stop();
    await sleep(200);
    await listener.client.endAsync();

    const byTopic = new Map<string, JsonSample[]>();
    for (const { topic, payload } of listener.messages) {
      expect(topic).toMatch(/^factory\/(line1|utilities)\/[a-z]+\d+\/[a-z_0-9]+$/);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), JSON.parse(payload.toString('utf8')) as JsonSample]);
    }
    // pump (with its state), tank, conveyor (with its batch) in line1; compressor, pump, tank in utilities
    const tagCount = 8 + 4 + 7 + 7 + 8 + 4; // speed setpoints on pumps, conveyors and compressors
    expect(byTopic.size).toBe(tagCount);
    for (const [topic, samples] of byTopic) {
      const [, , device, tag] = topic.split('/');
      expect(samples.length).toBeGreaterThanOrEqual(10);
      expect(samples.map((s) => s.seq)).toEqual(samples.map((_, i) => i));
      for (const sample of samples) {
        expect(sample.sensor_id).toBe(`${device}-${tag}`);
        expect(typeof sample.value).toBe(
          tag === 'running' ? 'boolean' : tag === 'batch' ? 'string' : 'number',
        );
        expect(typeof sample.unit).toBe('string');
        expect(new Date(sample.ts).toISOString()).toBe(sample.ts);
      }
    }
    expect(byTopic.get('factory/line1/pump1/vibration')?.[0]?.unit).toBe('mm/s');
    expect(simulator.stats().samples).toBe(listener.messages.length);
  }, 20_000);
});
