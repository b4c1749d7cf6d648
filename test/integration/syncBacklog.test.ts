import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleRecord, SyncStream } from '../../shared/sync.js';
import type { OutboxRecord } from '../../electron/sync/ports.js';
import type { CloudRig } from '../helpers/cloudRig.js';
import { highAlarmAt } from '../helpers/downDocuments.js';
import { SITE, startSyncWorld, type SyncSite } from '../helpers/syncSite.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

const ALARM_TAG = 'line1/pump1/flow';
const DAY_MS = 24 * 3_600_000;
/** A day of plant data as the producers commit it: 3 tags, a raw sample every 10 s. */
const TAGS = ['area1/kiln/temp', 'area1/kiln/pressure', 'area2/mill/speed'];
const EVERY_MS = 10_000;

/**
 * A day offline, then the link back: the site's outbox holds a day of plant data while the
 * cloud link is stalled by the proxy; when the link passes again the receiver ends with every
 * record exactly once (de-duplicated across a cut in the middle of the drain), in order per
 * stream, and an alarm raised while the backlog drains arrives before the backlog has finished.
 */
describe('cloud sync: a day of backlog after the link comes back', () => {
  const dir = makeTempDir('wk-sync-backlog-');
  let world: Awaited<ReturnType<typeof startSyncWorld>>;
  let rig: CloudRig;
  let site: SyncSite;
  const startMs = Date.now() - DAY_MS;
  const sent: string[] = [];

  beforeAll(async () => {
    world = await startSyncWorld(dir);
    ({ rig, site } = world);
  });

  afterAll(() => world?.stop());

  it('delivers every record once and in order, with a live alarm ahead of the backlog', async () => {
    const { runtime } = site;
    await site.sample(ALARM_TAG, 10);
    await waitFor('the alarm tag to be known', () => runtime.tags.get(ALARM_TAG));
    await site.call('tags.configure', {
      tag: ALARM_TAG,
      config: highAlarmAt(ALARM_TAG, 50).config,
      baseVersion: 0,
    });

    rig.proxy.stall();
    rig.proxy.cut();
    await waitFor('the link to lose the cloud', async () => (await site.status()).link !== 'up');
    const records: OutboxRecord[] = [];
    for (let at = startMs; at < startMs + DAY_MS; at += EVERY_MS)
      for (const [i, tag] of TAGS.entries()) {
        const sample: SampleRecord = {
          at,
          tag,
          value: Math.round(500 + 100 * Math.sin(at / 3.6e6 + i)),
          quality: 'good',
        };
        const line = JSON.stringify(sample);
        records.push({ stream: 'raw', at, line });
        sent.push(line);
      }
    for (let i = 0; i < records.length; i += 5_000) {
      const outcome = await runtime.configDb.append(records.slice(i, i + 5_000));
      expect(outcome.refused).toBeNull();
    }
    // Sealed now, so the budget below can be set from what goes on the wire.
    await runtime.configDb.nextBatches({ streams: ['raw'], after: {}, maxBatches: 1, maxBytes: 1 });
    const backlog = await runtime.configDb.backlog();
    const wireBytes = backlog.streams.find((s) => s.stream === 'raw')!.bytes;
    // About 15 s of drain: long enough to raise an alarm in the middle of it.
    const { settings, version } = await runtime.sync.settings();
    const budget = Math.max(1_000, Math.floor(wireBytes / 15));
    expect(
      (await runtime.sync.saveSettings({ ...settings, backfillBytesPerSecond: budget }, version, 'engineer'))
        .ok,
    ).toBe(true);

    rig.proxy.pass();
    const total = (stream: SyncStream) => rig.receiver.records(SITE, stream).length;
    await waitFor('the drain under way', () => total('raw') > 0);
    // A cut in the middle: what was in flight is sent again, and the receiver drops the copies.
    rig.proxy.cut();
    await waitFor('the drain going on after the cut', () => total('raw') > records.length / 4);
    expect(total('raw')).toBeLessThan(records.length);
    await site.sample(ALARM_TAG, 60);
    await waitFor('the alarm at the receiver', () => total('alarms') > 0, 30_000);
    await waitFor('the whole backlog at the receiver', () => total('raw') === records.length, 60_000);

    expect(rig.receiver.records(SITE, 'raw').map((r) => JSON.stringify(r))).toEqual(sent);
    expect(rig.receiver.gaps()).toEqual([]);
    const alarmArrival = Math.min(...rig.receiver.batches(SITE, 'alarms').map((b) => b.arrival));
    const lastBackfill = Math.max(...rig.receiver.batches(SITE, 'raw').map((b) => b.arrival));
    expect(alarmArrival).toBeLessThan(lastBackfill);
    await waitFor('the outbox empty', async () => {
      const after = await runtime.configDb.backlog();
      return after.streams.find((s) => s.stream === 'raw')!.records === 0;
    });
  });
});
