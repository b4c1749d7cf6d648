import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { ConfigDb } from '../../electron/config/configDb.js';
import { CredentialFile } from '../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { DEFAULT_WINDOW } from '../../electron/sync/drain.js';
import type { OutboxRecord, SealedBatch } from '../../electron/sync/ports.js';
import { SyncService } from '../../electron/sync/syncService.js';
import { upTopic } from '../../electron/sync/wire.js';
import { SyncSettingsSchema, type SyncSettingsInput } from '../../shared/sync.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { round, sleep, withBaseline, type BenchResult } from './benchResult.js';
import { p99Ms } from './runtimeProbe.js';

const RECORDS = 1_000_000;
const TAGS = 1_000;
const SITE = 'bench-site';
const PREFIX = 'wk';
const ALARM_EVERY_MS = 10;
/** Backlogs built and drained in one measurement (see measureSync). */
const ROUNDS = 3;

/**
 * Cloud sync's drain: a 1,000,000-record backlog (raw samples of 1,000 tags, sealed in the
 * outbox in config.db) drained to a loopback Mosquitto by the sync service, beside mqtt.js
 * publishing the very same batches QoS 1 with the same in-flight window, three times over.
 * While it drains, an alarm record is committed every 10 ms; a subscriber in a worker thread (so
 * its decoding is not the main thread's) measures commit → receipt. The main thread's
 * event-loop delay is measured over the drains.
 */
export async function measureSync(log: (line: string) => void): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const dir = makeTempDir('wk-bench-sync-');
  const configDb = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  await configDb.start();
  const service = new SyncService({
    outbox: configDb,
    credentials: new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'bench' }),
    site: SITE,
    station: 'bench',
    version: 'bench',
    startedAt: Date.now(),
    health: () => ({ status: 'ok', figures: {} }),
    ingest: { accept: () => {} },
    log: createMemoryLogger(),
  });
  const subscriber = subscriberInWorker(broker.url);
  try {
    await service.start();
    // The same process with the same threads alive, idle: how late timers fire on this machine anyway.
    await subscriber.ready;
    const idleHistogram = monitorEventLoopDelay({ resolution: 1 });
    idleHistogram.enable();
    await sleep(2_000);
    idleHistogram.disable();
    const idleLoop = p99Ms(idleHistogram, 1);
    // A drain of a million records lasts a fraction of a second: one stall would be its p99. So
    // the backlog is built and drained ROUNDS times, each drain beside its own raw baseline, and
    // the event-loop histogram runs over every drain together.
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const latency: number[] = [];
    let drainSeconds = 0;
    let rawSeconds = 0;
    let records = 0;
    let wireBytes = 0;
    let alarmsSent = 0;
    let batchCount = 0;
    for (let round_ = 1; round_ <= ROUNDS; round_++) {
      // Enabled towards a port nobody listens on: the backlog builds up as on a ship at sea.
      await configure(service, { cloud: { id: 'cloud', url: 'mqtt://127.0.0.1:1' } });
      const t = Date.now();
      await fillBacklog(configDb, RECORDS);
      const batches = await readAll(configDb);
      const roundRecords = batches.reduce((sum, b) => sum + b.count, 0);
      records += roundRecords;
      batchCount += batches.length;
      wireBytes += batches.reduce((sum, b) => sum + b.payload.byteLength + topicOverhead(b), 0);
      log(
        `  round ${round_}: backlog of ${RECORDS.toLocaleString('en')} records committed in ${round((Date.now() - t) / 1000)} s, ${batches.length} batches`,
      );

      subscriber.reset();
      const rawStarted = performance.now();
      await rawPublish(broker.url, batches);
      // Until the subscriber has every record, as for the drain.
      await subscriber.waitFor(roundRecords);
      rawSeconds += (performance.now() - rawStarted) / 1000;

      subscriber.reset();
      const started = performance.now();
      histogram.enable();
      await configure(service, { cloud: { id: 'cloud', url: broker.url, clientId: 'wk-bench-sync' } });
      let committing = true;
      const alarms = (async () => {
        let sent = 0;
        while (committing) {
          await configDb.append([alarmRecord(Date.now(), ++sent)]);
          service.nudge();
          await sleep(ALARM_EVERY_MS);
        }
        return sent;
      })();
      await subscriber.waitFor(roundRecords);
      drainSeconds += (performance.now() - started) / 1000;
      histogram.disable();
      committing = false;
      alarmsSent += await alarms;
      await sleep(1_500); // the last alarms' way through
      latency.push(...(await subscriber.alarmLatencies()));
    }
    const rawRate = records / rawSeconds;
    const drainRate = records / drainSeconds;
    log(`  raw mqtt.js QoS 1, window ${DEFAULT_WINDOW.maxBatches}: ${round(rawRate, 0)} records/s`);
    const p99 = percentile(latency, 0.99);
    const loop = p99Ms(histogram, 1);
    log(
      `  drain: ${round(drainRate, 0)} records/s; ${latency.length}/${alarmsSent} alarms, p99 ${round(p99)} ms; event loop p99 ${round(loop, 1)} ms (idle ${round(idleLoop, 1)} ms)`,
    );
    return [
      withBaseline(
        {
          name: 'sync.drain_records_per_s',
          value: round(drainRate, 0),
          unit: 'records/s',
          target: '≥ 50,000 and ≥ 0.5 × raw',
          note: `${ROUNDS} × ${RECORDS.toLocaleString('en')} raw samples, ${batchCount / ROUNDS} sealed batches each, loopback Mosquitto`,
        },
        round(rawRate, 0),
        `mqtt.js QoS 1, same batches, window ${DEFAULT_WINDOW.maxBatches}`,
      ),
      {
        name: 'sync.live_latency_p99_ms',
        value: round(p99, 1),
        unit: 'ms',
        target: '≤ 1,000',
        note: `${latency.length} alarm records committed every ${ALARM_EVERY_MS} ms during the drain, commit → subscriber`,
      },
      {
        name: 'sync.bytes_per_record',
        value: round(wireBytes / records, 2),
        unit: 'bytes',
        note: 'gzip JSON lines, header and MQTT PUBLISH overhead included',
      },
      withBaseline(
        {
          name: 'sync.drain_eventloop_p99_ms',
          value: round(loop, 2),
          unit: 'ms',
          target: '≤ 20',
          note: 'main thread (sync service, config.db client) during the drain',
        },
        round(idleLoop, 2),
        'same process idle, just before the drain',
      ),
    ];
  } finally {
    await subscriber.stop();
    await service.stop();
    await configDb.stop();
    await broker.stop();
    dir.remove();
  }
}

async function configure(service: SyncService, input: SyncSettingsInput): Promise<void> {
  const { version } = await service.settings();
  const settings = SyncSettingsSchema.parse({
    enabled: true,
    topicPrefix: PREFIX,
    heartbeatSeconds: 3_600,
    ...input,
  });
  const outcome = await service.saveSettings(settings, version, 'bench');
  if (!outcome.ok) throw new Error(outcome.message);
}

/** Raw samples of 1,000 tags at 1 s, as a producer commits them, 10,000 to a call. */
async function fillBacklog(configDb: ConfigDb, count: number): Promise<void> {
  const start = Date.now() - (count / TAGS) * 1_000;
  for (let i = 0; i < count;) {
    const chunk: OutboxRecord[] = [];
    for (const end = Math.min(count, i + 10_000); i < end; i++) {
      const at = start + Math.floor(i / TAGS) * 1_000;
      const value = Math.round((50 + 20 * Math.sin(i / 3_000 + (i % TAGS))) * 100) / 100;
      const line = `{"at":${at},"tag":"area${i % 10}/dev${i % 100}/tag${i % TAGS}","value":${value},"quality":"good"}`;
      chunk.push({ stream: 'raw', at, line });
    }
    const outcome = await configDb.append(chunk);
    if (outcome.refused) throw new Error(outcome.refused);
  }
}

/** Every sealed batch, as the drain would be handed them (nothing acknowledged). */
async function readAll(configDb: ConfigDb): Promise<SealedBatch[]> {
  const all: SealedBatch[] = [];
  for (;;) {
    const last = all.at(-1);
    const next = await configDb.nextBatches({
      streams: ['raw'],
      after: last ? { raw: last.seq } : {},
      maxBatches: 100,
      maxBytes: 64 * 1024 ** 2,
    });
    if (next.length === 0) return all;
    all.push(...next);
  }
}

/** The baseline: the same payloads on the same topics with mqtt.js, at most a window in flight. */
async function rawPublish(url: string, batches: SealedBatch[]): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId: 'wk-bench-raw', clean: true });
  const topic = upTopic(PREFIX, SITE, 'raw');
  let next = 0;
  let inFlight = 0;
  let inFlightBytes = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (
        next < batches.length &&
        inFlight < DEFAULT_WINDOW.maxBatches &&
        (inFlight === 0 || inFlightBytes < DEFAULT_WINDOW.maxBytes)
      ) {
        const payload = Buffer.from(batches[next++]!.payload);
        inFlight++;
        inFlightBytes += payload.length;
        client.publish(topic, payload, { qos: 1 }, (error) => {
          if (error) return reject(error);
          inFlight--;
          inFlightBytes -= payload.length;
          if (next === batches.length && inFlight === 0) resolve();
          else pump();
        });
      }
    };
    pump();
  });
  await client.endAsync();
}

function topicOverhead(batch: SealedBatch): number {
  // PUBLISH fixed header (1 + up to 4 length bytes), topic length (2), topic, packet id (2).
  return 1 + 3 + 2 + upTopic(PREFIX, SITE, batch.stream).length + 2;
}

function alarmRecord(at: number, seq: number): OutboxRecord {
  const record = {
    seq,
    ts: at,
    at,
    alarm: 'area1/pump3/pressure#level',
    tag: 'area1/pump3/pressure',
    area: 'area1',
    priority: 'high',
    message: 'Pressure high',
    from: 'normal',
    to: 'unacked',
    trigger: 'activated',
    user: null,
    station: 'bench',
    comment: '',
    value: 9.5,
    quality: 0,
    level: 'H',
  };
  return { stream: 'alarms', at, line: JSON.stringify(record) };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * The cloud's side in a worker thread: counts backfill records once per (stream, seq), and
 * takes each alarm record's commit time (`at`) from its receipt time.
 */
function subscriberInWorker(url: string) {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { gunzipSync, constants } = require('node:zlib');
    const mqtt = require('mqtt');
    const client = mqtt.connect(${JSON.stringify(url)}, { clientId: 'wk-bench-cloud' });
    let seen = new Set();
    let records = 0;
    const latencies = [];
    client.on('connect', () => client.subscribe('${PREFIX}/v1/+/up/#', { qos: 1 }, () => parentPort.postMessage({ ready: true })));
    client.on('message', (topic, payload) => {
      const receivedAt = Date.now();
      // Backfill: only the header is read (the start of the gzip stream inflated), so that the
      // subscriber keeps up with any publisher; alarms are read whole for their commit times.
      if (!topic.endsWith('/alarms')) {
        const head = gunzipSync(payload.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH });
        const header = JSON.parse(head.toString('utf8').split('\\n')[0]);
        const key = header.stream + ':' + header.seq;
        if (seen.has(key)) return;
        seen.add(key);
        records += header.count;
        return;
      }
      const lines = gunzipSync(payload).toString('utf8').split('\\n');
      for (const line of lines.slice(1)) if (line) latencies.push(receivedAt - JSON.parse(line).at);
    });
    parentPort.on('message', (m) => {
      if (m === 'reset') { seen = new Set(); records = 0; latencies.length = 0; }
      if (m === 'count') parentPort.postMessage({ records });
      if (m === 'latencies') parentPort.postMessage({ latencies });
    });
  `;
  const worker = new Worker(code, { eval: true });
  const ready = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
  });
  const ask = <T>(message: string, key: string) =>
    new Promise<T>((resolve) => {
      const listener = (reply: Record<string, unknown>) => {
        if (!(key in reply)) return;
        worker.off('message', listener);
        resolve(reply[key] as T);
      };
      worker.on('message', listener);
      worker.postMessage(message);
    });
  return {
    ready,
    reset: () => worker.postMessage('reset'),
    async waitFor(records: number): Promise<void> {
      while ((await ask<number>('count', 'records')) < records) await sleep(20);
    },
    alarmLatencies: () => ask<number[]>('latencies', 'latencies'),
    stop: () => worker.terminate(),
  };
}
