import Database from 'better-sqlite3';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import type { SyncSettingsInput, SyncStream } from '../../../../shared/sync.js';
import { SyncSettingsSchema } from '../../../../shared/sync.js';
import type { OutboxRecord } from '../../../../electron/sync/ports.js';

/** Clocks a test moves by hand: wall (may jump) and monotonic (only forward). */
export class TestClocks {
  wall = Date.UTC(2026, 10, 1);
  mono = 1_000;
  advance(ms: number): void {
    this.wall += ms;
    this.mono += ms;
  }
}

export function openStore(
  path: string,
  clocks = new TestClocks(),
  logs: string[] = [],
  db = new Database(path),
): ConfigStore {
  return new ConfigStore(db, (line) => logs.push(line), {
    now: () => clocks.wall,
    mono: () => clocks.mono,
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
}

export const CLOUD = { id: 'cloud', url: 'mqtts://cloud.example:8883' };

/** Sync on (a cloud broker given), with these settings over the defaults. */
export function enableSync(store: ConfigStore, extra: SyncSettingsInput = {}): void {
  const { version } = store.outbox.syncSettings();
  const settings = SyncSettingsSchema.parse({ enabled: true, cloud: CLOUD, ...extra });
  const outcome = store.outbox.saveSyncSettings(settings, version, 'engineer');
  if (!outcome.ok) throw new Error(outcome.message);
}

export const IDENTITY = { site: 'north-mine', station: 'control-1' };

/** A rollup record of tag `tag` at `at`, as a producer makes it. */
export function rollup(at: number, tag = 'area1/pump3/flow', stream: SyncStream = 'rollups'): OutboxRecord {
  const record = { at, tag, resMs: 60_000, count: 60, min: 1, max: 3, mean: 2, last: 2.5, good: 1 };
  return { stream, at, line: JSON.stringify(record) };
}

export function heartbeat(at: number): OutboxRecord {
  const record = { at, station: 'control-1', version: '1.0.0', uptimeMs: 1000, status: 'ok', figures: {} };
  return { stream: 'heartbeat', at, line: JSON.stringify(record) };
}

/** A sample record whose value is `size` characters of text that does not compress. */
export function noisySample(at: number, size: number, seed = 1): OutboxRecord {
  let x = seed;
  let value = '';
  while (value.length < size) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    value += x.toString(36);
  }
  const record = { at, tag: 'area1/noise', value: value.slice(0, size), quality: 'good' };
  return { stream: 'raw', at, line: JSON.stringify(record) };
}

/** A heartbeat (live lane) of about `size` bytes: figures under names that do not compress. */
export function bigHeartbeat(at: number, size: number, seed = 1): OutboxRecord {
  const figures: Record<string, number> = {};
  const names = JSON.parse(noisySample(at, size, seed).line).value as string;
  for (let i = 0; i < names.length; i += 40) figures[names.slice(i, i + 40)] = i;
  const record = { at, station: 'control-1', version: '1.0.0', uptimeMs: 1, status: 'ok', figures };
  return { stream: 'heartbeat', at, line: JSON.stringify(record) };
}
