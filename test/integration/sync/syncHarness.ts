import mqtt from 'mqtt';
import { ConfigDb } from '../../../electron/config/configDb.js';
import type { IngestEvent } from '../../../electron/connectivity/ingestEvents.js';
import { CredentialFile } from '../../../electron/credentials/credentialFile.js';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import type { CloudSession } from '../../../electron/sync/cloudLink.js';
import { Drain, type DrainOptions } from '../../../electron/sync/drain.js';
import type { OutboxRecord } from '../../../electron/sync/ports.js';
import { SyncService, type SyncServiceOptions } from '../../../electron/sync/syncService.js';
import { decodeBatch } from '../../../electron/sync/wire.js';
import { SyncSettingsSchema, type BatchHeader, type SyncSettingsInput } from '../../../shared/sync.js';
import { makeTempDir } from '../../helpers/tempDir.js';

export const SITE = 'north-mine';
export const PREFIX = 'wk';

/**
 * A sync service over a real config.db outbox (SQLite in a temp folder, in the config worker)
 * publishing to a real broker, and what the tests read back.
 */
export async function syncHarness(options: Partial<SyncServiceOptions> = {}) {
  const dir = makeTempDir('wk-sync-');
  const configDb = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  await configDb.start();
  const events: IngestEvent[] = [];
  const log = createMemoryLogger();
  const serviceOptions: SyncServiceOptions = {
    outbox: configDb,
    credentials: new CredentialFile({ path: `${dir.path}/credentials.json`, protection: 'test file' }),
    site: SITE,
    station: 'control-1',
    version: '0.0.0-test',
    startedAt: Date.now(),
    health: () => ({ status: 'ok', figures: { samples: 1 } }),
    ingest: { accept: (event) => events.push(event) },
    log,
    ...options,
  };
  const service = new SyncService(serviceOptions);
  await service.start();
  return {
    dir,
    configDb,
    service,
    options: serviceOptions,
    events,
    log,
    /** Saves settings through the service (applied at once) and fails the test on refusal. */
    async configure(input: SyncSettingsInput): Promise<void> {
      const { version } = await service.settings();
      const settings = SyncSettingsSchema.parse({ topicPrefix: PREFIX, ...input });
      const outcome = await service.saveSettings(settings, version, 'engineer');
      if (!outcome.ok) throw new Error(outcome.message);
    },
    async append(records: OutboxRecord[]): Promise<void> {
      for (let i = 0; i < records.length; i += 5_000) {
        const outcome = await configDb.append(records.slice(i, i + 5_000));
        if (outcome.refused) throw new Error(outcome.refused);
      }
    },
    async waiting(): Promise<number> {
      const backlog = await configDb.backlog();
      return backlog.streams.reduce((sum, stream) => sum + stream.records, 0);
    },
    async stop(): Promise<void> {
      await service.stop();
      await configDb.stop();
      dir.remove();
    },
  };
}

export interface ReceivedBatch extends BatchHeader {
  records: unknown[];
  /** Order of arrival over all streams. */
  arrival: number;
}

/** A subscriber on the cloud broker that decodes every batch (the reference receiver does more). */
export async function cloudSubscriber(url: string) {
  const client = await mqtt.connectAsync(url, { clientId: `receiver-${process.pid}-${Math.random()}` });
  const batches: ReceivedBatch[] = [];
  client.on('message', (_topic, payload) => {
    const decoded = decodeBatch(payload);
    batches.push({ ...decoded.header, records: decoded.records, arrival: batches.length });
  });
  await client.subscribeAsync(`${PREFIX}/v1/+/up/#`, { qos: 1 });
  return {
    batches,
    /** Records received once per (stream, seq): duplicates from resends counted once. */
    distinctRecords(stream?: string): number {
      const seen = new Map<string, number>();
      for (const batch of batches)
        if (!stream || batch.stream === stream) seen.set(`${batch.stream}:${batch.seq}`, batch.count);
      return [...seen.values()].reduce((a, b) => a + b, 0);
    },
    seqs(stream: string): number[] {
      return batches.filter((batch) => batch.stream === stream).map((batch) => batch.seq);
    },
    close: () => client.endAsync(),
  };
}

export function rawSamples(count: number, startAt: number): OutboxRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const at = startAt + i * 1_000;
    const record = {
      at,
      tag: `area1/pump${i % 50}/flow`,
      value: Math.round(Math.sin(i / 10) * 1e4) / 100,
      quality: 'good',
    };
    return { stream: 'raw' as const, at, line: JSON.stringify(record) };
  });
}

export function rollups(count: number, startAt: number, stream: 'rollups' | 'rollupsHourly'): OutboxRecord[] {
  const resMs = stream === 'rollups' ? 60_000 : 3_600_000;
  return Array.from({ length: count }, (_, i) => {
    const at = startAt + i * resMs;
    const record = {
      at,
      tag: 'area1/pump3/flow',
      resMs,
      count: 60,
      min: 1,
      max: 3,
      mean: 2,
      last: 2.5,
      good: 1,
    };
    return { stream, at, line: JSON.stringify(record) };
  });
}

let alarmSeq = 0;
/** An alarm journal line as the journal commits it to the outbox's live lane. */
export function alarmRecord(at: number, tag = 'area1/pump3/pressure'): OutboxRecord {
  const record = {
    seq: ++alarmSeq,
    ts: at,
    at,
    alarm: `${tag}#level`,
    tag,
    area: 'area1',
    priority: 'high',
    message: 'Pressure high',
    from: 'normal',
    to: 'unacked',
    trigger: 'activated',
    user: null,
    station: 'control-1',
    comment: '',
    value: 9.5,
    quality: 0,
    level: 'H',
  };
  return { stream: 'alarms', at, line: JSON.stringify(record) };
}

/** A config.db in `dir` with its worker started, sync on (to a cloud nobody reaches) and the site named. */
export async function openSyncOutbox(dir: string): Promise<ConfigDb> {
  const configDb = new ConfigDb({ path: `${dir}/config.db`, log: createMemoryLogger() });
  await configDb.start();
  const settings = SyncSettingsSchema.parse({ enabled: true, cloud: { id: 'c', url: 'mqtt://127.0.0.1:1' } });
  await configDb.saveSyncSettings(settings, 0, 'engineer');
  await configDb.setIdentity({ site: SITE, station: 'control-1' });
  return configDb;
}

export interface ScriptedPublish {
  topic: string;
  stream: string;
  seq: number;
  /** `stream:seq`. */
  id: string;
  done: (error?: Error) => void;
}

/**
 * A cloud session whose PUBACKs the test gives, in any order: what a broker (or a proxy holding
 * them back) may do. The audit record of the settings saved by openSyncOutbox is acknowledged
 * at once, as a broker would.
 */
export function scriptedSession(id: number) {
  const published: ScriptedPublish[] = [];
  const session: CloudSession = {
    id,
    publish(topic, payload, done) {
      const { header } = decodeBatch(payload);
      if (header.stream === 'audit') queueMicrotask(() => done());
      else
        published.push({
          topic,
          stream: header.stream,
          seq: header.seq,
          id: `${header.stream}:${header.seq}`,
          done,
        });
    },
  };
  return { session, published, ids: () => published.map((p) => p.id) };
}

/** A drain over `outbox` for site north-mine under prefix wk, with a small window; `options` override. */
export function drainOver(outbox: ConfigDb, options: Partial<DrainOptions> = {}): Drain {
  return new Drain({
    outbox,
    site: SITE,
    topicPrefix: PREFIX,
    metered: false,
    backfillBytesPerSecond: null,
    log: createMemoryLogger(),
    window: { maxBatches: 4, maxBytes: 4 * 1024 * 1024, liveReserve: 1 },
    onStalled: () => {},
    ...options,
  });
}
