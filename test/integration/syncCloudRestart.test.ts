import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigResultRecord, DeviceRecord } from '../../shared/sync.js';
import { downDocument } from '../helpers/downDocuments.js';
import { cloudClient, SITE, startSyncWorld } from '../helpers/syncSite.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const DOWN_TOPIC = `watchkeeper/v1/${SITE}/down/config`;

/**
 * The cloud broker restarted while the receiver is away: with persistence it still has what the
 * site handed it (the site let go of it at the PUBACK); without, those batches are lost at the
 * broker and the receiver sees their seqs as a lost gap. Either way the site reconnects, goes on
 * sending, and takes documents again (subscribed anew when the broker forgot its session).
 */
describe('cloud sync across a cloud broker restart', () => {
  let world: Awaited<ReturnType<typeof startSyncWorld>> | null = null;

  afterEach(async () => {
    await world?.stop();
    world = null;
  });

  const devices = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const record: DeviceRecord = {
        at: 1_700_000_000_000 + from + i,
        device: `area1/dev${from + i}`,
        state: 'online',
        previous: null,
      };
      return { stream: 'devices' as const, at: record.at, line: JSON.stringify(record) };
    });

  async function scenario(persistent: boolean) {
    world = await startSyncWorld(makeTempDir('wk-sync-restart-'), { persistent });
    const { rig, site } = world;
    await rig.stopReceiver();
    const { runtime } = site;
    expect((await runtime.configDb.append(devices(0, 500))).refused).toBeNull();
    runtime.sync.nudge();
    await waitFor('the broker to acknowledge everything', async () => {
      const backlog = await runtime.configDb.backlog();
      return backlog.streams.every((stream) => stream.records === 0);
    });
    await rig.restartBroker();
    await rig.startReceiver();
    expect((await runtime.configDb.append(devices(500, 10))).refused).toBeNull();
    runtime.sync.nudge();
    // A broker that forgot the site's session has no subscription for it until the site is back:
    // the cloud sends again what the config stream has not answered (repeats are ignored by id).
    const cloud = await cloudClient(rig);
    const document = JSON.stringify(downDocument('doc-after-restart', { base: await site.exported() }));
    const receiver = rig.receiver;
    const answered = () =>
      (receiver.records(SITE, 'config') as ConfigResultRecord[]).find((r) => r.id === 'doc-after-restart');
    const answer = await waitFor('the answer to a document sent after the restart', async () => {
      if (!answered()) await cloud.publishAsync(DOWN_TOPIC, document, { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return answered();
    });
    await cloud.endAsync();
    await waitFor('the records sent after the restart', () =>
      (receiver.records(SITE, 'devices') as DeviceRecord[]).some((r) => r.device === 'area1/dev509'),
    );
    expect(answer.outcome).toBe('unchanged');
    // The site's own device changes (the cloud sync system device) share the stream: only this test's count.
    const ours = (receiver.records(SITE, 'devices') as DeviceRecord[]).filter((r) =>
      r.device.startsWith('area1/dev'),
    );
    return { received: ours, gaps: receiver.gaps() };
  }

  it('with persistence: the receiver gets everything, once, in order', async () => {
    const { received, gaps } = await scenario(true);
    expect(received.map((r) => r.device)).toEqual(Array.from({ length: 510 }, (_, i) => `area1/dev${i}`));
    expect(gaps).toEqual([]);
  });

  it('without persistence: the batches the broker held are lost there, and the receiver names the gap', async () => {
    const { received, gaps } = await scenario(false);
    expect(received.map((r) => r.device)).toEqual(
      Array.from({ length: 10 }, (_, i) => `area1/dev${500 + i}`),
    );
    expect(gaps.filter((gap) => gap.stream === 'devices')).toEqual([
      expect.objectContaining({ stream: 'devices', kind: 'lost' }),
    ]);
  });
});
