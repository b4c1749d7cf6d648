import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Historian } from '../../electron/historian/historian.js';
import { HistorianSettingsSchema } from '../../shared/historianSettings.js';
import { historianMigrations, migrate } from '../../electron/historian/migrations/index.js';
import type { StoredTag } from '../../electron/historian/types.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { streamCsv } from '../../electron/export/csvStream.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, withBaseline, type BenchResult } from './benchResult.js';
import { demoDataset, type Dataset } from './dataset.js';
import { measureInflux } from './influxPeer.js';

const HOUR = 3_600_000;
const KEEP_EVERYTHING = { rawDays: null, minuteDays: null, hourDays: null };

/**
 * The historian on generated demo-plant data (1 sample/s per tag, faster than real time):
 * storage size, ingest through the worker, chart and raw queries, CSV export — each beside a
 * baseline measured in the same run (row-per-sample SQLite, and InfluxDB where installed).
 * `hours` sets the length of the 1,000-tag data set: the is 30 days (`--full`, some hours
 * to run on a laptop); the default is 2 h.
 */
export async function measureHistorian(hours: number, log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const plant = demoDataset({ devices: 50, tagsPerDevice: 20, seconds: hours * 3600 });
  const year = demoDataset({ devices: 1, tagsPerDevice: 1, seconds: 365 * 24 * 3600, seed: 5 });
  log(
    `  data: ${plant.tags.length} tags × ${(plant.to - plant.from + 1000) / HOUR} h = ${plant.samples.toLocaleString()} samples; 1 tag × 1 year = ${year.samples.toLocaleString()}`,
  );

  const rows = rowStoreBaseline(plant);
  log(
    `  row-per-sample SQLite: ${round(rows.rowsPerS, 0).toLocaleString()} rows/s, ${rows.bytesPerSample.toFixed(2)} bytes/sample`,
  );

  await withHistorian(async (historian, keys) => {
    const ingest = await ingestAll(historian, plant, keys);
    log(
      `  historian: ${round(ingest.samplesPerS, 0).toLocaleString()} samples/s into the worker; sealed ${ingest.bytesPerSample.toFixed(3)} bytes/sample`,
    );
    results.push(
      withBaseline(
        {
          name: 'historian.bytes_per_sample',
          value: round(ingest.bytesPerSample, 3),
          unit: 'bytes',
          target: '≤ 3 and ≤ InfluxDB',
        },
        round(rows.bytesPerSample, 2),
        'row-per-sample SQLite',
      ),
      withBaseline(
        {
          name: 'historian.ingest_samples_per_s',
          value: round(ingest.samplesPerS, 0),
          unit: 'samples/s',
          target: '≥ 300,000',
        },
        round(rows.rowsPerS, 0),
        'raw batched SQLite inserts, same rows',
      ),
    );
    const rawTags = plant.tags.slice(0, 100);
    const rawFrom = plant.to - HOUR + 1000;
    // One worker call for the 100 tags (history.queryRanges), as a report or a multi-pen trend asks.
    const rawRun = await timed(async () => {
      await historian.queryRanges(
        rawTags.map((tag) => ({ key: keys.get(tag)!, tag, from: rawFrom, to: plant.to, maxPoints: 100_000 })),
      );
    });
    const raw = rawRun.median;
    results.push({
      name: 'historian.query_raw_1h_100tags_ms',
      value: round(raw, 1),
      unit: 'ms',
      target: '≤ 100',
      note: `median of 5 after a first run of ${rawRun.first.toFixed(0)} ms (chunks not yet decoded)`,
    });
    const m4Tag = plant.tags[1]!;
    const plantM4 = await timed(() =>
      historian.queryRange({
        key: keys.get(m4Tag)!,
        tag: m4Tag,
        from: plant.from,
        to: plant.to,
        maxPoints: 8_000,
      }),
    );

    const small = await exportCsv(historian, plant, keys, 250_000);
    const exportRun = await exportCsv(historian, plant, keys, 1_000_000);
    log(
      `  CSV export: ${exportRun.rows.toLocaleString()} rows in ${exportRun.seconds.toFixed(2)} s; peak RSS growth ${exportRun.peakRssMb.toFixed(0)} MB (${small.rows.toLocaleString()} rows: ${small.peakRssMb.toFixed(0)} MB)`,
    );
    results.push(
      withBaseline(
        {
          name: 'historian.export_csv_1M_rows_s',
          value: round(exportRun.seconds, 2),
          unit: 's',
          target: '≤ 3, memory independent of rows',
          note: `${exportRun.rows.toLocaleString()} rows`,
        },
        round(small.seconds, 2),
        `same export of ${small.rows.toLocaleString()} rows`,
      ),
      withBaseline(
        {
          name: 'historian.export_peak_rss_growth_mb',
          value: round(exportRun.peakRssMb, 1),
          unit: 'MB',
          note: `exporting ${exportRun.rows.toLocaleString()} rows`,
        },
        round(small.peakRssMb, 1),
        `exporting ${small.rows.toLocaleString()} rows`,
      ),
    );
    const influx = await measureInflux(
      plant,
      {
        m4Tag,
        m4From: plant.from,
        m4To: plant.to,
        m4Columns: 2000,
        rawTags,
        rawFrom,
        rawTo: plant.to,
      },
      log,
    );
    if ('skipped' in influx) log(`  InfluxDB: skipped — ${influx.skipped}`);
    else {
      results.push(
        withBaseline(
          {
            name: 'peer.influxdb.query_m4_ms',
            value: round(influx.queryM4Ms, 1),
            unit: 'ms',
            note: 'one tag over the whole data set, 2,000 columns (GROUP BY time)',
          },
          round(plantM4.median, 1),
          'historian M4, same tag and span',
        ),
        withBaseline(
          { name: 'peer.influxdb.bytes_per_sample', value: round(influx.bytesPerSample, 3), unit: 'bytes' },
          round(ingest.bytesPerSample, 3),
          'historian.bytes_per_sample',
        ),
        withBaseline(
          {
            name: 'peer.influxdb.ingest_samples_per_s',
            value: round(influx.ingestSamplesPerS, 0),
            unit: 'samples/s',
          },
          round(ingest.samplesPerS, 0),
          'historian.ingest_samples_per_s',
        ),
        withBaseline(
          { name: 'peer.influxdb.query_raw_1h_100tags_ms', value: round(influx.queryRaw1hMs, 1), unit: 'ms' },
          round(raw, 1),
          'historian.query_raw_1h_100tags_ms',
        ),
      );
    }
  });

  await withHistorian(async (historian, keys) => {
    await ingestAll(historian, year, keys);
    const tag = year.tags[0]!;
    const m4 = await timed(() =>
      historian.queryRange({ key: keys.get(tag)!, tag, from: year.from, to: year.to, maxPoints: 8_000 }),
    );
    log(
      `  one year of one tag, 2,000 columns: ${m4.median.toFixed(1)} ms (first run ${m4.first.toFixed(1)} ms)`,
    );
    results.push({
      name: 'historian.query_m4_1y_ms',
      value: round(m4.median, 1),
      unit: 'ms',
      target: '≤ 50',
      note: `${year.samples.toLocaleString()} samples, 2,000 pixel columns; first run ${m4.first.toFixed(1)} ms`,
    });
  });
  return results;
}

async function withHistorian(
  run: (historian: Historian, keys: Map<string, number>) => Promise<void>,
): Promise<void> {
  const dir = makeTempDir('wk-bench-historian-');
  const historian = new Historian({
    path: `${dir.path}/historian.db`,
    log: createMemoryLogger(),
    callTimeoutMs: 30 * 60_000,
    // The generated data lies months back: the default retention would drop it mid-measurement.
    retention: { ...HistorianSettingsSchema.parse({}), retention: KEEP_EVERYTHING },
  });
  await historian.start();
  try {
    await run(historian, new Map());
  } finally {
    await historian.stop();
    dir.remove();
  }
}

async function ingestAll(historian: Historian, dataset: Dataset, keys: Map<string, number>) {
  const tags: StoredTag[] = dataset.tags.map((id, i) => ({
    key: i + 1,
    id,
    device: id.split('/').slice(0, 2).join('/'),
    name: id.split('/')[2]!,
    description: '',
    unit: '',
    dataType: 'number',
    engLow: null,
    engHigh: null,
  }));
  tags.forEach((tag) => keys.set(tag.id, tag.key));
  historian.upsertTags(tags);
  const writtenBefore = historian.stats().samplesWritten;
  const started = performance.now();
  let written = 0;
  // As in the app, samples keep arriving while the worker writes the previous batch: at most one
  // batch is in the worker while the next is collected, so memory stays bounded.
  let writing: Promise<void> = Promise.resolve();
  for (const batch of dataset.batches()) {
    for (let i = 0; i < batch.count; i++)
      historian.append(
        batch.tagKeys[i]!,
        batch.ts[i]!,
        Number.isNaN(batch.values[i]!) ? null : batch.values[i]!,
        batch.qualities[i]!,
      );
    written += batch.count;
    await writing;
    writing = historian.flush();
  }
  await writing;
  // The app's own flush timer may be the one writing the last batch: wait until all is stored.
  while (historian.stats().samplesWritten - writtenBefore < written) {
    await historian.flush();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const samplesPerS = written / ((performance.now() - started) / 1000);
  const { usedBytes } = await historian.sealAll();
  return { samplesPerS, bytesPerSample: usedBytes / written };
}

/** The same rows, one per sample, in the first historian schema: insert rate and size. */
function rowStoreBaseline(dataset: Dataset) {
  const dir = makeTempDir('wk-bench-rows-');
  const db = new Database(`${dir.path}/rows.db`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, historianMigrations.slice(0, 1));
  const insert = db.prepare(
    'INSERT OR REPLACE INTO samples (tag_key, ts, value, quality) VALUES (?, ?, ?, ?)',
  );
  let rows = 0;
  const started = performance.now();
  for (const batch of dataset.batches()) {
    db.transaction(() => {
      for (let i = 0; i < batch.count; i++)
        insert.run(
          batch.tagKeys[i],
          batch.ts[i],
          Number.isNaN(batch.values[i]!) ? null : batch.values[i],
          batch.qualities[i],
        );
    })();
    rows += batch.count;
  }
  const rowsPerS = rows / ((performance.now() - started) / 1000);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(`${dir.path}/rows.db`).size;
  db.close();
  dir.remove();
  return { rowsPerS, bytesPerSample: bytes / rows };
}

async function exportCsv(historian: Historian, dataset: Dataset, keys: Map<string, number>, rows: number) {
  const tags = dataset.tags.slice(0, 200).map((id) => ({ id, key: keys.get(id)! }));
  const seconds = Math.ceil(rows / tags.length);
  const to = dataset.from + seconds * 1000 - 1;
  let bytes = 0;
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => ((bytes += chunk.length), setImmediate(done)),
  });
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const { rows: exported } = await streamCsv(historian, { tags, from: dataset.from, to }, sink);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { rows: exported, seconds: elapsed, bytes, peakRssMb: (peak - baseRss) / 2 ** 20 };
}

/** The first (cold) run and the median of five more. */
async function timed(run: () => Promise<unknown>): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const first = times.shift()!;
  return { first, median: times.sort((a, b) => a - b)[2]! };
}
