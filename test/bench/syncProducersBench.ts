import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { ConfigDb } from '../../electron/config/configDb.js';
import { InputErrors } from '../../electron/connectivity/inputErrors.js';
import type { DeviceRef, IngestEvent } from '../../electron/connectivity/ingestEvents.js';
import { Ingest } from '../../electron/ingest/ingest.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { SyncProducers } from '../../electron/sync/producers/syncProducers.js';
import { DeviceRegistry } from '../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../electron/tags/tagRegistry.js';
import { Quality } from '../../shared/quality.js';
import { SyncSettingsSchema } from '../../shared/sync.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, withBaseline, type BenchResult } from './benchResult.js';

const DEVICES = 100;
const TAGS_PER_DEVICE = 100;
/** 10,000 tags at 5 Hz: 50,000 samples per second of plant time. */
const RATE_HZ = 5;
const SECONDS = 30;
const ROUNDS = 3;

/**
 * `sync.producer_ns_per_sample`: what cloud sync costs per sample — the tap (a Map lookup) and
 * rollup accumulation of every tag at 1 min and hourly, plus the once-a-second sweep for silent
 * tags — over 30 s of plant time at 50,000 samples/s across 10,000 tags (1.5 million samples;
 * the rollup records are appended to a real outbox in a temp config.db), beside a bare Map
 * lookup per sample, the floor. Then ingest end to end with and without the producers (the
 * historian's calls are no-ops here), where sync's share is a difference of two larger figures
 * and noisier. Only synchronous main-thread time is counted; the event loop turns once per
 * plant second so the appends to the config worker happen as in production.
 */
export async function measureSyncProducers(log: (line: string) => void): Promise<BenchResult[]> {
  const dir = makeTempDir('wk-bench-sync-');
  const config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  await config.start();
  try {
    const { version } = await config.syncSettings();
    const settings = SyncSettingsSchema.parse({
      enabled: true,
      cloud: { id: 'cloud', url: 'mqtts://cloud.example:8883' },
    });
    await config.saveSyncSettings(settings, version, 'bench');
    const without: number[] = [];
    const withSync: number[] = [];
    let records = 0;
    let lost = 0;
    for (let r = 0; r < ROUNDS; r++) {
      without.push((await run(null)).nsPerSample);
      const clock = { now: 0, monotonic: 0 };
      const producers = new SyncProducers({
        outbox: config,
        tagDevice: (tag) => tag.slice(0, tag.lastIndexOf('/')),
        log: createMemoryLogger(),
        clock: { now: () => clock.now, monotonic: () => clock.monotonic },
      });
      await producers.start();
      const result = await run(producers, clock);
      await producers.stop();
      withSync.push(result.nsPerSample);
      records = (await config.backlog()).streams.reduce((n, s) => n + s.records, 0);
      lost = producers.stats().lost;
    }
    const bare = bareLookup();
    const direct = await directCost(config);
    const added = Math.min(...withSync) - Math.min(...without);
    log(
      `  ingest ${round(Math.min(...without))} ns/sample, with sync producers ${round(Math.min(...withSync))} ns/sample; outbox holds ${records} records, ${lost} lost`,
    );
    return [
      withBaseline(
        {
          name: 'sync.producer_ns_per_sample',
          value: round(direct),
          unit: 'ns',
          note: `the tap and rollups (1 min + hourly) of 10,000 tags × 5 Hz; ${round((direct * 50_000) / 1e7, 2)} % of a core at 50,000 samples/s`,
        },
        round(bare),
        'bare Map lookup per sample',
      ),
      withBaseline(
        {
          name: 'sync.ingest_ns_per_sample_with_producers',
          value: round(Math.min(...withSync)),
          unit: 'ns',
          note: `ingest end to end (historian calls excluded); sync adds ${round(added)} ns`,
        },
        round(Math.min(...without)),
        'ingest without sync',
      ),
    ];
  } finally {
    await config.stop();
    dir.remove();
  }
}

/** Ingest of SECONDS of plant data, the producers' tap on or off; synchronous time only. */
async function run(
  producers: SyncProducers | null,
  clock?: { now: number; monotonic: number },
): Promise<{ nsPerSample: number }> {
  const tags = new TagRegistry({
    loadTags: async () => [],
    lastValues: async () => [],
    upsertTags: () => {},
  });
  await tags.start();
  const start = Date.UTC(2026, 10, 22, 12);
  let now = start;
  const ingest = new Ingest({
    tags,
    devices: new DeviceRegistry({ siteStaleAfterMs: 60_000, now: () => now }),
    errors: new InputErrors(createMemoryLogger()),
    historian: { append: () => {}, appendText: () => {} },
    onValueChanged: () => {},
    onDevicesChanged: () => {},
    ...(producers ? { sync: producers } : {}),
    now: () => now,
  });
  const devices: DeviceRef[] = Array.from({ length: DEVICES }, (_, d) => ({
    id: `area${d % 10}/unit${d}`,
    area: `area${d % 10}`,
    protocol: 'json',
  }));
  let busy = 0;
  let samples = 0;
  for (let second = 0; second < SECONDS; second++) {
    for (let tick = 0; tick < RATE_HZ; tick++) {
      now = start + second * 1_000 + tick * (1_000 / RATE_HZ);
      if (clock) {
        clock.now = now;
        clock.monotonic = now - start;
      }
      const events: IngestEvent[] = devices.map((device, d) => ({
        kind: 'samples',
        device,
        samples: Array.from({ length: TAGS_PER_DEVICE }, (_, t) => ({
          tag: `${device.id}/signal${t}`,
          ts: now,
          value: Math.sin((now / 10_000) * (1 + ((d + t) % 7))) * 50 + 50,
          quality: Quality.Good,
        })),
      }));
      const t0 = performance.now();
      for (const event of events) ingest.accept(event);
      busy += performance.now() - t0;
      samples += DEVICES * TAGS_PER_DEVICE;
    }
    if (producers) {
      // Closing the silent tags' buckets is the tick's synchronous part; the append is the worker's.
      const t0 = performance.now();
      const appended = producers.tick();
      busy += performance.now() - t0;
      await appended;
    }
    await yieldToLoop();
  }
  return { nsPerSample: (busy * 1e6) / samples };
}

const IDS = Array.from(
  { length: DEVICES * TAGS_PER_DEVICE },
  (_, i) => `area${i % 10}/unit${i % DEVICES}/signal${i}`,
);

/** The producers' `sample` alone, as ingest calls it, over SECONDS of plant time. */
async function directCost(config: ConfigDb): Promise<number> {
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const start = Date.UTC(2026, 10, 22, 12);
    const clock = { now: start, monotonic: 0 };
    const producers = new SyncProducers({
      outbox: config,
      tagDevice: (tag) => tag.slice(0, tag.lastIndexOf('/')),
      log: createMemoryLogger(),
      clock: { now: () => clock.now, monotonic: () => clock.monotonic },
    });
    await producers.start();
    let busy = 0;
    for (let second = 0; second < SECONDS; second++) {
      for (let tick = 0; tick < RATE_HZ; tick++) {
        const ts = start + second * 1_000 + tick * (1_000 / RATE_HZ);
        clock.now = ts;
        clock.monotonic = ts - start;
        const t0 = performance.now();
        for (let i = 0; i < IDS.length; i++) producers.sample(IDS[i]!, ts, (i + tick) % 100, Quality.Good);
        busy += performance.now() - t0;
      }
      const t0 = performance.now();
      const appended = producers.tick();
      busy += performance.now() - t0;
      await appended;
      await yieldToLoop();
    }
    await producers.stop();
    best = Math.min(best, (busy * 1e6) / (SECONDS * RATE_HZ * IDS.length));
  }
  return best;
}

function bareLookup(): number {
  const ids = IDS;
  const map = new Map(ids.map((id, i) => [id, { i }]));
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let k = 0; k < SECONDS * RATE_HZ; k++)
      for (let i = 0; i < ids.length; i++) sink += map.get(ids[i]!)!.i;
    best = Math.min(best, ((performance.now() - t0) * 1e6) / (SECONDS * RATE_HZ * ids.length));
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
}
