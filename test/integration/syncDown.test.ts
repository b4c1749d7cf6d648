import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmRecordSchema, ConfigResultRecord } from '../../shared/sync.js';
import type { z } from 'zod';
import type { CloudRig } from '../helpers/cloudRig.js';
import { downDocument, highAlarmAt } from '../helpers/downDocuments.js';
import { cloudClient, SITE, startSyncWorld, type SyncSite } from '../helpers/syncSite.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const TAG = 'line1/pump1/flow';
const DOWN_TOPIC = `watchkeeper/v1/${SITE}/down/config`;
type AlarmRecord = z.infer<typeof AlarmRecordSchema>;

/**
 * Configuration from the cloud, end to end: a runtime syncing over TLS with client certificates
 * through the test proxy to a cloud Mosquitto, the reference receiver behind it, and a cloud
 * tool publishing documents on the down topic.
 */
describe('cloud sync: configuration from the cloud and the certificate', () => {
  const dir = makeTempDir('wk-sync-down-');
  let world: Awaited<ReturnType<typeof startSyncWorld>>;
  let rig: CloudRig;
  let site: SyncSite;
  let cloud: MqttClient;

  beforeAll(async () => {
    world = await startSyncWorld(dir);
    ({ rig, site } = world);
    cloud = await cloudClient(rig);
  });

  afterAll(async () => {
    await cloud?.endAsync();
    await world?.stop();
  });

  const results = () => rig.receiver.records(SITE, 'config') as ConfigResultRecord[];
  const result = (id: string) =>
    waitFor(`the result of ${id} at the receiver`, () => results().find((r) => r.id === id));
  const send = (message: unknown) => cloud.publishAsync(DOWN_TOPIC, JSON.stringify(message), { qos: 1 });

  it('rejects a document that fails validation, says why up the config stream, and changes nothing', async () => {
    await site.sample(TAG, 10);
    await waitFor('the tag to be known', () => site.runtime.tags.get(TAG));
    const bad = {
      id: TAG,
      config: {
        engRange: { low: 0, high: 100 },
        alarms: [{ kind: 'H', value: 50, deadband: 500, priority: 'high' }],
      },
    };
    await send(
      downDocument('doc-invalid', {
        base: await site.exported(),
        tags: [bad as ReturnType<typeof highAlarmAt>],
      }),
    );
    const record = await result('doc-invalid');
    expect(record).toMatchObject({ outcome: 'rejected', by: 'cloud-engineer', changes: [] });
    expect(record.problems.join(' ')).toMatch(/deadband 500 is not smaller than the engineering range/);
    expect(await site.runtime.configDb.listItemConfigVersions('tag', TAG, 10)).toEqual([]);
  });

  it('applies a document that changes an alarm limit; the next sample trips it, journaled and sent up', async () => {
    const base = await site.exported();
    await send(downDocument('doc-limit', { base, basedOnMs: Date.now(), tags: [highAlarmAt(TAG, 50)] }));
    expect(await result('doc-limit')).toMatchObject({
      outcome: 'applied',
      changes: [`tag ${TAG}: configured`],
    });
    const [version] = await site.runtime.configDb.listItemConfigVersions('tag', TAG, 1);
    expect(version?.changedBy).toBe('cloud:cloud-engineer (import)');
    await site.sample(TAG, 60);
    const journal = await waitFor('the alarm in the journal', async () => {
      const page = await site.runtime.configDb.queryAlarmJournal({
        filter: { from: 0, to: Date.now() + 60_000, tag: TAG },
        limit: 10,
      });
      return page.entries.find((entry) => entry.level === 'H' && entry.to === 'unacked') ?? false;
    });
    const up = await waitFor('the alarm at the receiver', () =>
      (rig.receiver.records(SITE, 'alarms') as AlarmRecord[]).find((entry) => entry.seq === journal.seq),
    );
    expect(up).toMatchObject({ tag: TAG, level: 'H', to: journal.to, value: 60 });
  });

  it('shows a refused client certificate as the link detail, in words, and recovers when it is fixed', async () => {
    const { settings, version } = await site.runtime.sync.settings();
    const withoutCert = { ...settings.cloud!, tls: { caFile: rig.pki.caFile, rejectUnauthorized: true } };
    const saved = await site.runtime.sync.saveSettings(
      { ...settings, cloud: withoutCert },
      version,
      'engineer',
    );
    expect(saved.ok).toBe(true);
    const down = await waitFor('the link down with a reason', async () => {
      const status = await site.status();
      return status.link === 'down' && status.detail ? status.detail : false;
    });
    expect(down).toMatch(/the broker requires a client certificate: set tls.certFile and tls.keyFile/);
    const again = await site.runtime.sync.settings();
    expect((await site.runtime.sync.saveSettings(settings, again.version, 'engineer')).ok).toBe(true);
    await site.waitLink('up');
  });
});
