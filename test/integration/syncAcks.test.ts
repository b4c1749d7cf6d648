import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRecord } from '../../shared/sync.js';
import type { CloudRig } from '../helpers/cloudRig.js';
import { SITE, startSyncWorld, type SyncSite } from '../helpers/syncSite.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * A cloud broker whose PUBACKs come late and in reverse order (the proxy holds them and lets them
 * go newest first): the site keeps every batch until its own PUBACK, then lets go of all of them;
 * the receiver has every record once, in order.
 */
describe('cloud sync: PUBACKs held back and released out of order', () => {
  const dir = makeTempDir('wk-sync-acks-');
  let world: Awaited<ReturnType<typeof startSyncWorld>>;
  let rig: CloudRig;
  let site: SyncSite;

  beforeAll(async () => {
    world = await startSyncWorld(dir, { mqtt: true });
    ({ rig, site } = world);
  });

  afterAll(() => world?.stop());

  it('keeps batches until their PUBACK, whatever the order, and loses or repeats nothing', async () => {
    const { runtime } = site;
    const waiting = async () =>
      (await runtime.configDb.backlog()).streams.find((s) => s.stream === 'devices')!.records;
    rig.proxy.holdPubacks();
    // Three appends sealed apart: three batches, each with its own PUBACK.
    for (let part = 0; part < 3; part++) {
      const records = Array.from({ length: 100 }, (_, i) => {
        const record: DeviceRecord = {
          at: 1_700_000_000_000 + part * 100 + i,
          device: `d${part * 100 + i}`,
          state: 'online',
          previous: null,
        };
        return { stream: 'devices' as const, at: record.at, line: JSON.stringify(record) };
      });
      expect((await runtime.configDb.append(records)).refused).toBeNull();
      await runtime.configDb.nextBatches({ streams: ['devices'], after: {}, maxBatches: 1, maxBytes: 1 });
    }
    runtime.sync.nudge();
    await waitFor('three PUBACKs held', () => rig.proxy.held >= 3);
    await waitFor(
      'all three batches at the receiver',
      () => rig.receiver.records(SITE, 'devices').length === 300,
    );
    expect(await waiting()).toBe(300);
    expect(rig.proxy.releasePubacks('reverse')).toBeGreaterThanOrEqual(3);
    await waitFor('the outbox let go of them', async () => (await waiting()) === 0);
    const devices = (rig.receiver.records(SITE, 'devices') as DeviceRecord[]).map((r) => r.device);
    expect(devices).toEqual(Array.from({ length: 300 }, (_, i) => `d${i}`));
    expect(rig.receiver.counters().duplicate_batches ?? 0).toBe(0);
    expect((await site.status()).link).toBe('up');
  });
});
