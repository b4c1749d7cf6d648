import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigDb } from '../../../../../electron/config/configDb.js';
import { createMemoryLogger } from '../../../../../electron/platform/logger.js';
import { FLUSH_AT_RECORDS } from '../../../../../electron/sync/producers/outboxWriter.js';
import { SyncProducers } from '../../../../../electron/sync/producers/syncProducers.js';
import { GRACE_MS, HOUR_MS } from '../../../../../electron/sync/producers/tagRollup.js';
import { decodeBatch } from '../../../../../electron/sync/wire.js';
import type { Device } from '../../../../../shared/domain.js';
import { Quality } from '../../../../../shared/quality.js';
import {
  SyncSettingsSchema,
  type SyncSettings,
  type SyncSettingsInput,
  type SyncStream,
} from '../../../../../shared/sync.js';
import { makeTempDir } from '../../../../helpers/tempDir.js';
import { waitFor } from '../../../../helpers/waitFor.js';

const MIN = 60_000;
/** An hour boundary a little in the past: the outbox's own clock is the real one. */
const T = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
const CLOUD = { id: 'cloud', url: 'mqtts://cloud.example:8883' };
const good = Quality.Good;

/** The producers on a real config.db outbox in a temp folder, with clocks the test moves. */
describe('sync producers on the real outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let config: ConfigDb;
  let producers: SyncProducers | null;
  const clock = { wall: T, mono: 0 };
  const log = createMemoryLogger();

  beforeEach(async () => {
    dir = makeTempDir();
    config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
    await config.start();
    await config.setIdentity({ site: 'north-mine', station: 'control-1' });
    clock.wall = T;
    clock.mono = 0;
    producers = null;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await producers?.stop();
    await config.stop();
    dir.remove();
  });

  async function save(input: SyncSettingsInput): Promise<SyncSettings> {
    const settings = SyncSettingsSchema.parse({ enabled: true, cloud: CLOUD, ...input });
    const { version } = await config.syncSettings();
    const outcome = await config.saveSyncSettings(settings, version, 'engineer');
    if (!outcome.ok) throw new Error(outcome.message);
    return settings;
  }

  async function start(input: SyncSettingsInput, maxQueued?: number): Promise<SyncProducers> {
    await save(input);
    producers = new SyncProducers({
      outbox: config,
      // Model outputs are the tags of a binding's device `models/<binding>`.
      tagDevice: (tag) =>
        tag.endsWith('/score') ? 'models/pump3-health' : tag.split('/').slice(0, 2).join('/'),
      log,
      clock: { now: () => clock.wall, monotonic: () => clock.mono },
      ...(maxQueued === undefined ? {} : { maxQueued }),
    });
    await producers.start();
    return producers;
  }

  /** Every record of a stream, as a receiver decodes the sealed batches. */
  async function received(stream: SyncStream): Promise<Record<string, unknown>[]> {
    const batches = await config.nextBatches({
      streams: [stream],
      after: {},
      maxBatches: 1_000,
      maxBytes: 1e9,
    });
    return batches.flatMap((batch) => {
      const decoded = decodeBatch(batch.payload);
      expect(decoded.invalid).toEqual([]);
      return decoded.records as Record<string, unknown>[];
    });
  }

  function at(ms: number): number {
    clock.wall = T + ms;
    clock.mono = ms;
    return T + ms;
  }

  it('appends rollups of the configured tags per minute, and hourly ones, as a receiver decodes them', async () => {
    const sync = await start({ rollupTags: ['area1/'] });
    for (let s = 0; s < 60; s += 10) {
      sync.sample('area1/pump3/flow', at(s * 1_000), s, good);
      sync.sample('area2/pump1/flow', at(s * 1_000), s, good);
    }
    sync.sample('area1/pump3/flow', at(MIN + 5_000), 100, Quality.Bad);
    await sync.tick();
    expect(await received('rollups')).toEqual([
      { at: T, tag: 'area1/pump3/flow', resMs: MIN, count: 6, min: 0, max: 50, mean: 25, last: 50, good: 1 },
    ]);
    // The tag goes silent: its minute closes a grace after its end, and its hour soon after the hour.
    at(2 * MIN + GRACE_MS);
    await sync.tick();
    at(HOUR_MS - MIN);
    await sync.tick();
    expect(await received('rollupsHourly')).toEqual([]);
    at(HOUR_MS + MIN);
    await sync.tick();
    expect((await received('rollups')).map((r) => [r.at, r.count, r.good])).toEqual([
      [T, 6, 1],
      [T + MIN, 0, 0],
    ]);
    expect(await received('rollupsHourly')).toEqual([
      {
        at: T,
        tag: 'area1/pump3/flow',
        resMs: HOUR_MS,
        count: 6,
        min: 0,
        max: 50,
        mean: 25,
        last: 50,
        good: 6 / 7,
      },
    ]);
    expect(sync.stats()).toMatchObject({ queued: 0, lost: 0, refusal: null });
  });

  it('sends raw samples of the marked tags, model outputs on their own stream, and device changes', async () => {
    const sync = await start({ rollupTags: [], rawTags: ['area1/'] });
    sync.sample('area1/pump3/flow', at(1_000), 4.5, good);
    sync.history('area1/pump3/batch', at(2_000), 'B7', Quality.UncertainLastUsableValue);
    sync.sample('area2/pump1/flow', at(3_000), 1, good);
    sync.sample('area1/pump3/score', at(4_000), 0.93, good);
    const pump: Device = device('area1/pump3', true);
    sync.devicesChanged([pump]);
    sync.devicesChanged([pump]); // no change: no record
    at(20_000);
    sync.devicesChanged([{ ...pump, online: false }]);
    await sync.tick();
    expect(await received('raw')).toEqual([
      { at: T + 1_000, tag: 'area1/pump3/flow', value: 4.5, quality: 'good' },
      { at: T + 2_000, tag: 'area1/pump3/batch', value: 'B7', quality: 'uncertain' },
    ]);
    expect(await received('models')).toEqual([
      { at: T + 4_000, tag: 'area1/pump3/score', value: 0.93, quality: 'good' },
    ]);
    expect(await received('devices')).toEqual([
      { at: T + 4_000, device: 'area1/pump3', state: 'online', previous: null },
      { at: T + 20_000, device: 'area1/pump3', state: 'offline', previous: 'online' },
    ]);
  });

  it('takes new settings without a restart: other tags, another resolution', async () => {
    const sync = await start({ rollupTags: ['area1/'] });
    sync.sample('area1/pump3/flow', at(5 * MIN + 1_000), 1, good);
    sync.applySettings(await save({ rollupTags: ['area1/'], rollupSeconds: 600, rawTags: ['area1/'] }));
    sync.sample('area1/pump3/flow', at(5 * MIN + 2_000), 2, good);
    sync.sample('area1/pump3/flow', at(10 * MIN), 3, good);
    await sync.tick();
    // The open minute closed as it was; the next bucket is ten minutes long.
    expect((await received('rollups')).map((r) => [r.at, r.resMs, r.count, r.last])).toEqual([
      [T + 5 * MIN, MIN, 1, 1],
      [T, 10 * MIN, 1, 2],
    ]);
    expect((await received('raw')).map((r) => r.value)).toEqual([2, 3]);
  });

  it('produces nothing while sync is off, and starts when it is switched on', async () => {
    const sync = await start({ enabled: false, rawTags: ['*'] });
    sync.sample('area1/pump3/flow', at(1_000), 1, good);
    sync.devicesChanged([device('area1/pump3', true)]);
    await sync.tick();
    expect(sync.stats().queued).toBe(0);
    expect((await config.backlog()).streams.every((s) => s.records === 0)).toBe(true);
    sync.applySettings(await save({ rawTags: ['*'] }));
    sync.sample('area1/pump3/flow', at(2_000), 2, good);
    await sync.tick();
    expect(await received('raw')).toEqual([
      { at: T + 2_000, tag: 'area1/pump3/flow', value: 2, quality: 'good' },
    ]);
  });

  it('closes the open buckets at stop and appends them, so a restart loses no minute', async () => {
    const sync = await start({});
    sync.sample('area1/pump3/flow', at(1_000), 7, good);
    await sync.stop();
    producers = null;
    expect((await received('rollups')).map((r) => [r.at, r.last])).toEqual([[T, 7]]);
    expect((await received('rollupsHourly')).map((r) => [r.at, r.last])).toEqual([[T, 7]]);
  });

  it('holds at most N records while the outbox refuses, and journals what it lost once it takes records again', async () => {
    const sync = await start({ rollupTags: [], rawTags: ['*'], outbox: { maxBytes: 1024 ** 2 } }, 100);
    // Live records that do not compress fill the outbox to its size limit: live records are
    // never dropped to make room, so backfill is refused until the cloud acknowledges them.
    await fillWithLiveRecords(config, 1.2 * 1024 ** 2);
    for (let i = 0; i < 100; i++) sync.sample('area1/pump3/flow', at(i * 1_000), i, good);
    await sync.tick();
    expect(sync.stats()).toMatchObject({
      queued: 100,
      lost: 0,
      refusal: expect.stringMatching(/size limit/),
    });
    for (let i = 100; i < 250; i++) sync.sample('area1/pump3/flow', at(i * 1_000), i, good);
    await sync.tick();
    expect(sync.stats()).toMatchObject({ queued: 100, lost: 150 });
    expect(sync.figures()).toMatchObject({ producerQueued: 100, producerLost: 150 });
    expect(log.lines.join('\n')).toMatch(/refused records .*size limit/);

    // The cloud link drains the live lane; the next tick gets the queue and the loss journaled.
    const live = await config.nextBatches({
      streams: ['heartbeat'],
      after: {},
      maxBatches: 1_000,
      maxBytes: 1e9,
    });
    await config.acknowledge(live.map((batch) => ({ stream: batch.stream, seq: batch.seq })));
    at(300_000);
    await sync.tick();
    expect(sync.stats()).toMatchObject({ queued: 0, lost: 150, refusal: null });
    expect((await received('raw')).map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const lost = (await received('audit')).filter((r) => r.what === 'sync.lost');
    expect(lost).toEqual([
      {
        at: T + 300_000,
        by: 'sync',
        what: 'sync.lost',
        id: 'raw',
        version: null,
        summary: expect.stringContaining(
          `150 raw record(s) with times from ${new Date(T + 100_000).toISOString()} to ${new Date(T + 249_000).toISOString()} could not be queued for the cloud`,
        ),
      },
    ]);
    expect(lost[0]!.summary).toMatch(/the historian still has the samples/);
  });

  it('stops without retrying forever when the outbox refuses, and says what it could not append', async () => {
    const sync = await start({ rollupTags: [], rawTags: ['*'], outbox: { maxBytes: 1024 ** 2 } });
    await fillWithLiveRecords(config, 1.2 * 1024 ** 2);
    for (let i = 0; i < 10; i++) sync.sample('area1/pump3/flow', at(i * 1_000), i, good);
    await sync.stop();
    producers = null;
    expect(log.lines.at(-1)).toMatch(
      /10 record\(s\) not in the outbox at shutdown \(.*size limit.*\); the historian still has the samples/,
    );
  });

  it('appends at once when a batch’s worth waits, without waiting for the next second', async () => {
    // The once-a-second tick never comes: only the threshold can have appended.
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const sync = await start({ rollupTags: [], rawTags: ['*'] });
    for (let i = 0; i < FLUSH_AT_RECORDS; i++) sync.sample('area1/pump3/flow', at(i), i, good);
    const raw = await waitFor('the records in the outbox', async () => {
      const backlog = await config.backlog();
      const records = backlog.streams.find((s) => s.stream === 'raw')?.records ?? 0;
      return records > 0 && records;
    });
    expect(raw).toBe(FLUSH_AT_RECORDS);
  });
});

function device(id: string, online: boolean): Device {
  return {
    id,
    area: id.split('/')[0]!,
    protocol: 'json',
    online,
    lastSeen: null,
    tagCount: 1,
    messageRate: 0,
    errorCount: 0,
    rebirths: 0,
    staleAfterMs: null,
    staleAfterSource: 'none',
    config: {},
    configVersion: 0,
  };
}

/** Heartbeat lines of random figures (they barely compress) until about `bytes` are stored. */
async function fillWithLiveRecords(config: ConfigDb, bytes: number): Promise<void> {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let stored = 0; stored < bytes;) {
    const records = Array.from({ length: 200 }, () => {
      const figures = Object.fromEntries(Array.from({ length: 40 }, (_, f) => [`f${f}`, random()]));
      const line = JSON.stringify({
        at: T,
        station: 'control-1',
        version: '1',
        uptimeMs: 1,
        status: 'ok',
        figures,
      });
      return { stream: 'heartbeat' as const, at: T, line };
    });
    const outcome = await config.append(records);
    if (outcome.refused) throw new Error(outcome.refused);
    stored = (await config.backlog()).bytes;
  }
}
