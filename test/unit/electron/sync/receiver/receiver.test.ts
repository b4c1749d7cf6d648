import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Receiver } from '../../../../../electron/sync/receiver/receiver.js';
import { ReceiverStore } from '../../../../../electron/sync/receiver/receiverStore.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { startMosquitto, type MosquittoHandle } from '../../../../helpers/mosquitto.js';
import { dropRecord, makeBatch, samples } from '../../../../helpers/syncBatches.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';
import { waitFor } from '../../../../helpers/waitFor.js';

describe('Receiver (the reference receiver)', () => {
  let broker: MosquittoHandle;
  let dir: ReturnType<typeof makeTempDir>;
  let site: MqttClient;
  let receiver: Receiver | null = null;
  let store: ReceiverStore | null = null;

  beforeEach(async () => {
    broker = await startMosquitto();
    dir = makeTempDir();
    site = await mqtt.connectAsync(broker.url, { clientId: 'site1', reconnectPeriod: 0 });
  });

  afterEach(async () => {
    await receiver?.stop();
    store?.close();
    receiver = null;
    store = null;
    await site.endAsync();
    await broker.stop();
    dir.remove();
  });

  async function startReceiver(options: { site?: string } = {}): Promise<ReceiverStore> {
    store = new ReceiverStore(join(dir.path, 'received.db'));
    receiver = new Receiver({
      url: broker.url,
      prefix: 'wk',
      clientId: 'receiver',
      store,
      log: createMemoryLogger(),
      ...options,
    });
    await receiver.start();
    return store;
  }

  const publish = (topic: string, payload: Buffer) => site.publishAsync(topic, payload, { qos: 1 });
  const batchCount = (s: ReceiverStore) => s.streams().reduce((n, row) => n + row.batches, 0);

  it('stores every record once, in order per stream, whatever order and how often batches arrive', async () => {
    const received = await startReceiver();
    const batches = [1, 2, 3].map((seq) => makeBatch('raw', seq, samples(10, undefined, (seq - 1) * 10)));
    for (const seq of [2, 1, 2, 3, 1]) await publish('wk/v1/site1/up/raw', batches[seq - 1]!);
    await waitFor('three batches and two duplicates', () => received.counters().duplicate_batches === 2);
    const values = received.records('site1', 'raw').map((r) => (r as { value: number }).value);
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(received.gaps()).toEqual([]);
    expect(
      received.batches('site1', 'raw').map(({ seq, arrival, copies }) => [seq, arrival, copies]),
    ).toEqual([
      [1, 2, 2],
      [2, 1, 2],
      [3, 3, 1],
    ]);
  });

  it('still recognises duplicates after a restart on the same file', async () => {
    let received = await startReceiver();
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 1, samples(5)));
    await waitFor('the first batch', () => batchCount(received) === 1);
    await receiver!.stop();
    received.close();
    received = await startReceiver();
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 1, samples(5)));
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 2, samples(5, undefined, 5)));
    await waitFor('the second batch', () => batchCount(received) === 2);
    expect(received.counters().duplicate_batches).toBe(1);
    expect(received.records('site1', 'raw')).toHaveLength(10);
  });

  it('tells a gap the site announced as dropped from one that is lost', async () => {
    const received = await startReceiver();
    for (const seq of [1, 4, 5, 9]) await publish('wk/v1/site1/up/raw', makeBatch('raw', seq, samples(1)));
    await publish(
      'wk/v1/site1/up/audit',
      makeBatch('audit', 1, [dropRecord('raw', 2, 3), dropRecord('raw', 6, 7)]),
    );
    await waitFor('five batches', () => batchCount(received) === 5);
    expect(received.gaps()).toEqual([
      { site: 'site1', outbox: '0123456789abcdef', stream: 'raw', fromSeq: 2, toSeq: 3, kind: 'dropped' },
      { site: 'site1', outbox: '0123456789abcdef', stream: 'raw', fromSeq: 6, toSeq: 7, kind: 'dropped' },
      { site: 'site1', outbox: '0123456789abcdef', stream: 'raw', fromSeq: 8, toSeq: 8, kind: 'lost' },
    ]);
  });

  it('counts payloads that are not batches and headers that contradict their topic, and keeps going', async () => {
    const received = await startReceiver();
    await publish('wk/v1/site1/up/raw', Buffer.from('not gzip'));
    await publish('wk/v1/site1/up/raw', gzipSync('{"v":1}\n'));
    await publish('wk/v1/site2/up/raw', makeBatch('raw', 1, samples(1)));
    await publish('wk/v1/site1/up/nonsense', makeBatch('raw', 1, samples(1)));
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 1, [...samples(1), { at: 1, tag: 'x' }]));
    await waitFor('the good batch', () => batchCount(received) === 1);
    await waitFor('every refusal counted', () => {
      const c = received.counters();
      return c.invalid_payloads === 2 && c.topic_mismatch === 1 && c.bad_topic === 1;
    });
    expect(received.counters().invalid_records).toBe(1);
    expect(received.records('site1', 'raw')).toHaveLength(1);
  });

  it('listens to one site only when given one', async () => {
    const received = await startReceiver({ site: 'site2' });
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 1, samples(1)));
    await publish('wk/v1/site2/up/raw', makeBatch('raw', 1, samples(2), 'site2'));
    await waitFor('site2 batch', () => batchCount(received) === 1);
    expect(received.streams().map((s) => s.site)).toEqual(['site2']);
  });

  it('gets what was sent while it was away from its persistent session', async () => {
    let received = await startReceiver();
    await receiver!.stop();
    received.close();
    await publish('wk/v1/site1/up/raw', makeBatch('raw', 1, samples(3)));
    received = await startReceiver();
    await waitFor('the queued batch', () => batchCount(received) === 1);
    expect(received.records('site1', 'raw')).toHaveLength(3);
  });
});
