import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiverStore } from '../../electron/sync/receiver/receiverStore.js';
import type { MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTestPki, startMosquittoTls, type TestPki } from '../helpers/mosquittoTls.js';
import { startReceiverProcess } from '../helpers/receiverProcess.js';
import { dropRecord, makeBatch, samples } from '../helpers/syncBatches.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/** `watchkeeper receive` as a cloud team would run it: TLS with a client certificate. */
describe('watchkeeper receive', () => {
  const dir = makeTempDir();
  let pki: TestPki;
  let broker: MosquittoHandle;

  beforeAll(async () => {
    pki = await makeTestPki(dir.path);
    broker = await startMosquittoTls({ pki, dir: dir.path, requireCertificate: true });
  });
  afterAll(async () => {
    await broker.stop();
    dir.remove();
  });

  it('stores batches once over TLS with a client certificate, and prints counts and gaps when stopped', async () => {
    const out = join(dir.path, 'received.db');
    const tls = ['--ca', pki.caFile, '--cert', pki.clientCert, '--key', pki.clientKey];
    const receiver = await startReceiverProcess([
      '--broker',
      broker.url,
      '--out',
      out,
      '--client-id',
      'cloud',
      ...tls,
    ]);
    const site = await mqtt.connectAsync(broker.url, {
      ca: readFileSync(pki.caFile),
      cert: readFileSync(pki.clientCert),
      key: readFileSync(pki.clientKey),
      reconnectPeriod: 0,
    });
    const publish = (stream: 'raw' | 'audit', payload: Buffer) =>
      site.publishAsync(`watchkeeper/v1/site1/up/${stream}`, payload, { qos: 1 });
    await publish('raw', makeBatch('raw', 1, samples(3)));
    await publish('raw', makeBatch('raw', 1, samples(3)));
    await publish('raw', makeBatch('raw', 4, samples(2, undefined, 3)));
    await publish('audit', makeBatch('audit', 1, [dropRecord('raw', 2, 2)]));
    await publish('raw', Buffer.from('garbage'));
    await site.endAsync();
    // A marker last: once it is stored, everything before it on that connection was handled.
    const marker = makeBatch('raw', 5, samples(1, undefined, 5));
    const again = await mqtt.connectAsync(broker.url, {
      ca: readFileSync(pki.caFile),
      cert: readFileSync(pki.clientCert),
      key: readFileSync(pki.clientKey),
    });
    await again.publishAsync('watchkeeper/v1/site1/up/raw', marker, { qos: 1 });
    await again.endAsync();
    const check = new ReceiverStore(out);
    try {
      await waitFor('the marker batch', () => check.records('site1', 'raw').length === 6);
      expect(check.counters()).toMatchObject({ duplicate_batches: 1, invalid_payloads: 1 });
      expect(check.gaps().map(({ fromSeq, toSeq, kind }) => ({ fromSeq, toSeq, kind }))).toEqual([
        { fromSeq: 2, toSeq: 2, kind: 'dropped' },
        { fromSeq: 3, toSeq: 3, kind: 'lost' },
      ]);
    } finally {
      check.close();
    }
    expect(await receiver.stop()).toBe(0);
    expect(receiver.output()).toContain('site1/raw 6 records in 3 batches');
    expect(receiver.output()).toContain('gap site1/raw seq 3–3: lost');
  });

  it('says why it cannot subscribe when its certificate is refused, and exits non-zero', async () => {
    const out = join(dir.path, 'refused.db');
    const start = startReceiverProcess(['--broker', broker.url, '--out', out, '--ca', pki.caFile]);
    await expect(start).rejects.toThrow(/receive exited early \(1\):[\s\S]*cannot subscribe at mqtts:/);
  });
});
