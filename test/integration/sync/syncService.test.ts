import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { waitFor } from '../../helpers/waitFor.js';
import { SyncService } from '../../../electron/sync/syncService.js';
import { SyncSettingsSchema } from '../../../shared/sync.js';
import { alarmRecord, cloudSubscriber, rawSamples, rollups, syncHarness } from './syncHarness.js';

type Harness = Awaited<ReturnType<typeof syncHarness>>;
type Subscriber = Awaited<ReturnType<typeof cloudSubscriber>>;

/** The sync service over a real outbox (config.db in its worker) and a real cloud Mosquitto. */
describe('SyncService', () => {
  let cloud: MosquittoHandle;
  let h: Harness | undefined;
  let sub: Subscriber | undefined;
  const t0 = Date.now() - 86_400_000;

  beforeAll(async () => {
    cloud = await startMosquitto();
  });
  afterEach(async () => {
    await h?.stop();
    await sub?.close();
    h = sub = undefined;
  });
  afterAll(() => cloud.stop());

  it('drains a backlog in seq order per stream, exactly what was committed, and empties the outbox', async () => {
    h = await syncHarness();
    sub = await cloudSubscriber(cloud.url);
    await h.configure({ enabled: true, cloud: { id: 'cloud', url: 'mqtt://127.0.0.1:1' } });
    await h.append([...rawSamples(9_000, t0), ...rollups(3_000, t0, 'rollups')]);
    expect(await h.waiting()).toBeGreaterThanOrEqual(12_000);
    // The link is down: the backlog waits; then the broker is given and it drains.
    expect((await h.service.status()).link).toMatch(/connecting|down/);
    await h.configure({ enabled: true, cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-drain-1' } });
    await waitFor(
      'the backlog at the receiver',
      () => sub!.distinctRecords('raw') === 9_000 && sub!.distinctRecords('rollups') === 3_000,
    );
    for (const stream of ['raw', 'rollups']) {
      const seqs = sub.seqs(stream);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    const raw = sub.batches.filter((b) => b.stream === 'raw').flatMap((b) => b.records as { at: number }[]);
    expect(raw.map((r) => r.at)).toEqual(rawSamples(9_000, t0).map((r) => r.at));
    await waitFor('the outbox empty', async () => (await h!.waiting()) === 0);
    const status = await h.service.status();
    expect(status).toMatchObject({ enabled: true, link: 'up', inFlight: 0 });
    expect(status.lastSyncMs).not.toBeNull();
  });

  it('sends a live alarm ahead of the backlog when backfill is held to its budget', async () => {
    h = await syncHarness();
    sub = await cloudSubscriber(cloud.url);
    await h.configure({
      enabled: true,
      cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-live-first' },
      backfillBytesPerSecond: 1_000,
      heartbeatSeconds: 3_600,
    });
    await h.append(rawSamples(20_000, t0));
    await h.append([alarmRecord(Date.now())]);
    h.service.nudge();
    await waitFor('the alarm at the receiver', () => sub!.batches.some((b) => b.stream === 'alarms'));
    // 20,000 samples make ten batches; at 1 kB/s only the first can have gone.
    expect(sub.distinctRecords('raw')).toBeLessThan(20_000);
    expect(await h.waiting()).toBeGreaterThan(0);
  });

  it('sends only live streams and hourly rollups on a metered link', async () => {
    h = await syncHarness();
    sub = await cloudSubscriber(cloud.url);
    await h.configure({ enabled: true, cloud: { id: 'cloud', url: 'mqtt://127.0.0.1:1' }, metered: true });
    await h.append([
      ...rollups(100, t0, 'rollups'),
      ...rollups(10, t0, 'rollupsHourly'),
      ...rawSamples(100, t0),
    ]);
    await h.configure({
      enabled: true,
      cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-metered' },
      metered: true,
    });
    await waitFor(
      'hourly rollups and a heartbeat',
      () =>
        sub!.distinctRecords('rollupsHourly') === 10 && sub!.batches.some((b) => b.stream === 'heartbeat'),
    );
    expect(sub.distinctRecords('rollups') + sub.distinctRecords('raw')).toBe(0);
    const streams = (await h.service.status()).streams;
    expect(streams.find((s) => s.stream === 'raw')?.records).toBe(100);
    // Unmetered again: the rest follows without a new connection.
    await h.configure({ enabled: true, cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-metered' } });
    await waitFor(
      'the rest',
      () => sub!.distinctRecords('rollups') === 100 && sub!.distinctRecords('raw') === 100,
    );
  });

  it('is off while disabled, and queues nothing then', async () => {
    h = await syncHarness();
    const status = await h.service.status();
    expect(status).toMatchObject({ enabled: false, link: 'off', detail: 'cloud sync is not enabled' });
    expect((await h.configDb.append(rawSamples(1, t0))).refused).toMatch(/off/);
  });

  it('saves the settings given at start as a new version, and the same settings again as none', async () => {
    const given = {
      settings: SyncSettingsSchema.parse({
        enabled: true,
        topicPrefix: 'wk',
        cloud: { id: 'cloud', url: cloud.url, clientId: 'wk-given' },
      }),
      by: 'local operator (--cloud)',
    };
    sub = await cloudSubscriber(cloud.url);
    h = await syncHarness({ given });
    expect(await h.service.settings()).toMatchObject({ version: 1, settings: { enabled: true } });
    await waitFor('the heartbeat', () => sub!.batches.find((b) => b.stream === 'heartbeat'));
    const heartbeat = sub.batches.find((b) => b.stream === 'heartbeat')!;
    expect(heartbeat).toMatchObject({ site: 'north-mine', station: 'control-1' });
    expect(heartbeat.records[0]).toMatchObject({
      station: 'control-1',
      status: 'ok',
      figures: { samples: 1 },
    });
    // A restart with the same file: no new version.
    const again = new SyncService({ ...h.options, given });
    await again.start();
    await again.stop();
    expect((await h.service.settings()).version).toBe(1);
  });

  it('feeds the outbox fill to its tag while sync is in use', async () => {
    h = await syncHarness();
    await h.configure({ enabled: true, cloud: { id: 'cloud', url: 'mqtt://127.0.0.1:1' } });
    const sample = await waitFor('a fill sample', () =>
      h!.events.find((e) => e.kind === 'samples' && e.samples[0]?.tag === 'system/sync/outbox_fill_percent'),
    );
    expect(sample.kind === 'samples' && sample.samples[0]!.value).toBe(0);
    expect(h.events.find((e) => e.kind === 'tags')).toMatchObject({ device: { id: 'system/sync' } });
  });
});
