import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCloudRig, type CloudRig } from '../../helpers/cloudRig.js';
import { makeBatch, samples } from '../../helpers/syncBatches.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';

describe('the cloud rig of the sync tests', () => {
  let rig: CloudRig | null = null;
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await rig?.stop();
    rig = null;
    dir.remove();
  });

  for (const packets of [false, true])
    it(`carries a site's batches through the proxy to the receiver (${packets ? 'plain MQTT' : 'TLS'}), also after a broker restart`, async () => {
      rig = await startCloudRig({ dir: dir.path, mqtt: packets, persistent: true });
      const pki = rig.pki;
      const site = () =>
        mqtt.connectAsync(rig!.siteUrl, {
          reconnectPeriod: 0,
          ...(packets
            ? {}
            : {
                ca: readFileSync(pki.caFile),
                cert: readFileSync(pki.clientCert),
                key: readFileSync(pki.clientKey),
              }),
        });
      let client = await site();
      await client.publishAsync('watchkeeper/v1/site1/up/raw', makeBatch('raw', 1, samples(2)), { qos: 1 });
      await client.endAsync();
      await waitFor('batch 1', () => rig!.receiver.records('site1', 'raw').length === 2);
      await rig.stopReceiver();
      client = await site();
      await client.publishAsync(
        'watchkeeper/v1/site1/up/raw',
        makeBatch('raw', 2, samples(2, undefined, 2)),
        { qos: 1 },
      );
      await client.endAsync();
      await rig.restartBroker();
      await rig.startReceiver();
      await waitFor(
        'batch 2, queued across the restart',
        () => rig!.receiver.records('site1', 'raw').length === 4,
      );
      expect(rig.proxy.accepted).toBe(2);
    });
});
