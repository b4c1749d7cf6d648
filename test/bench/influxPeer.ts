import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from './dataset.js';

export interface InfluxFigures {
  bytesPerSample: number;
  ingestSamplesPerS: number;
  queryM4Ms: number;
  queryRaw1hMs: number;
}

export interface InfluxQueries {
  m4Tag: string;
  m4From: number;
  m4To: number;
  m4Columns: number;
  rawTags: string[];
  rawFrom: number;
  rawTo: number;
}

type InfluxResponse = { error?: string; results?: { error?: string; series?: { values?: unknown[][] }[] }[] };

const INFLUXD = '/usr/bin/influxd';
// Tried 5k–100k lines × 1–4 in flight on 2 cores: 2–4 in flight at any size landed within noise
// (7–9 s for 3.6 M points), 1 in flight ~25 % slower. 50k (~3 MB bodies) × 2: fewest round trips.
const BATCH_LINES = 50_000;
const CONCURRENCY = 2;

/**
 * InfluxDB 1.x as a peer on the same data set our historian gets: a private influxd (temp dir,
 * loopback only) is fed every good sample, then the same chart and raw queries are timed.
 * `{ skipped }` with a reason when influxd is not installed (CI does not install it).
 */
export async function measureInflux(
  dataset: Dataset,
  queries: InfluxQueries,
  log: (line: string) => void,
): Promise<InfluxFigures | { skipped: string }> {
  if (!existsSync(INFLUXD)) {
    const skipped = `${INFLUXD} not found (apt-get install influxdb to compare with InfluxDB)`;
    log(`influx: skipped — ${skipped}`);
    return { skipped };
  }
  const dir = await mkdtemp(join(tmpdir(), 'wk-bench-influx-'));
  const stderr: string[] = [];
  let child: ChildProcess | undefined;
  try {
    const [httpPort, rpcPort] = await freePorts();
    await writeFile(join(dir, 'influxd.conf'), config(dir, httpPort, rpcPort));
    child = spawn(INFLUXD, ['-config', join(dir, 'influxd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      stderr.push(...chunk.toString().split('\n').filter(Boolean));
      stderr.splice(0, Math.max(0, stderr.length - 20));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => stderr.push(`spawn: ${error.message}`));
    const base = `http://127.0.0.1:${httpPort}`;
    await waitForPing(base, child);
    await influxQuery(base, 'CREATE DATABASE bench', 'POST');

    const ingest = await ingestAll(base, dataset, queries);
    log(
      `influx: wrote ${ingest.points} points in ${ingest.seconds.toFixed(1)} s ` +
        `(${ingest.skipped} samples without a value skipped; ${BATCH_LINES} lines/request, ${CONCURRENCY} in flight)`,
    );

    const bytes = await settledSize(dir, log);
    const bucket = Math.max(1, Math.ceil((queries.m4To - queries.m4From) / queries.m4Columns));
    // The offset aligns buckets to m4From (Influx aligns to the epoch otherwise): m4Columns
    // columns, as the historian's M4 returns.
    const m4 = await timed(
      base,
      `SELECT first(value), min(value), max(value), last(value) FROM samples WHERE "tag" = ${literal(queries.m4Tag)} ` +
        `AND time >= ${queries.m4From}ms AND time <= ${queries.m4To}ms ` +
        `GROUP BY time(${bucket}ms, ${queries.m4From % bucket}ms)`,
    );
    log(`influx: M4 ${m4.rows} buckets of ${bucket} ms, median ${m4.ms.toFixed(1)} ms`);

    const raw = await timed(
      base,
      `SELECT value FROM samples WHERE (${queries.rawTags.map((tag) => `"tag" = ${literal(tag)}`).join(' OR ')}) ` +
        `AND time >= ${queries.rawFrom}ms AND time <= ${queries.rawTo}ms GROUP BY "tag"`,
    );
    log(
      `influx: raw ${raw.rows} points in ${raw.series} series (expected ${ingest.expectedRaw}), median ${raw.ms.toFixed(1)} ms`,
    );
    // We counted exactly what we wrote in that window, so anything else is lost or duplicated data.
    if (raw.rows !== ingest.expectedRaw)
      throw new Error(`raw query returned ${raw.rows} points, wrote ${ingest.expectedRaw}`);
    const { points, seconds } = ingest;
    return {
      bytesPerSample: bytes / points,
      ingestSamplesPerS: points / seconds,
      queryM4Ms: m4.ms,
      queryRaw1hMs: raw.ms,
    };
  } catch (error) {
    const why = `InfluxDB peer bench failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new Error(`${why}\ninfluxd's last output lines:\n${stderr.join('\n') || '(none)'}`, {
      cause: error,
    });
  } finally {
    if (child) await stop(child);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Loopback only, no listeners beyond HTTP and RPC, no usage reporting, no _internal store. */
function config(dir: string, httpPort: number, rpcPort: number): string {
  return `# upstream spells it reporting-disabled, Debian's build reporting-enabled; unknown keys are ignored
reporting-disabled = true
reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = ${JSON.stringify(join(dir, 'meta'))}
  logging-enabled = false
[data]
  dir = ${JSON.stringify(join(dir, 'data'))}
  wal-dir = ${JSON.stringify(join(dir, 'wal'))}
  index-version = "inmem"
  query-log-enabled = false
  cache-snapshot-write-cold-duration = "1s"
  compact-full-write-cold-duration = "1s"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  unix-socket-enabled = false
  max-row-limit = 0
[logging]
  level = "error"
  suppress-logo = true
[continuous_queries]
  enabled = false
`;
}

/** Two ports held open together so they differ, then released for influxd. */
async function freePorts(): Promise<[number, number]> {
  const servers = [createServer(), createServer()];
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))));
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return [ports[0] ?? 0, ports[1] ?? 0];
}

async function waitForPing(base: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`influxd exited (${child.exitCode})`);
    const res = await fetch(`${base}/ping`).catch(() => undefined); // refused until it listens
    if (res?.status === 204) return;
    await sleep(100);
  }
  throw new Error('influxd did not answer /ping within 30 s');
}

/** Timed from the first formatted line to the last acknowledged write: formatting counts. */
async function ingestAll(base: string, dataset: Dataset, queries: InfluxQueries) {
  const rawKeys = new Uint8Array(dataset.tags.length + 1);
  for (const tag of queries.rawTags) rawKeys[dataset.tags.indexOf(tag) + 1] = 1; // unknown → key 0, unused
  // Tag values escape ',', ' ' and '='; a bare number is a float field in line protocol.
  const prefixes = dataset.tags.map((tag) => `samples,tag=${tag.replace(/[, =\\]/g, '\\$&')} value=`);
  const pending: Promise<void>[] = [];
  let lines: string[] = [];
  const send = async (): Promise<void> => {
    const request = post(`${base}/write?db=bench&precision=ms`, lines.join('\n'), 204);
    request.catch(() => undefined); // marks it handled: a failure surfaces where it is awaited
    pending.push(request);
    lines = [];
    if (pending.length >= CONCURRENCY) await pending.shift(); // equal-sized bodies: FIFO is fine
  };
  let points = 0;
  let skipped = 0;
  let expectedRaw = 0;
  const started = performance.now();
  for (const batch of dataset.batches()) {
    for (let i = 0; i < batch.count; i++) {
      const key = batch.tagKeys[i] ?? 0;
      const value = batch.values[i] ?? NaN;
      const ts = batch.ts[i] ?? 0;
      // NaN marks a bad sample with no value; Influx has no NaN (nor Inf) float.
      if (!Number.isFinite(value)) {
        skipped++;
        continue;
      }
      lines.push(`${prefixes[key - 1]}${value} ${ts}`);
      points++;
      if (rawKeys[key] === 1 && ts >= queries.rawFrom && ts <= queries.rawTo) expectedRaw++;
      if (lines.length >= BATCH_LINES) await send();
    }
  }
  if (lines.length > 0) await send();
  await Promise.all(pending);
  return { points, skipped, expectedRaw, seconds: (performance.now() - started) / 1000 };
}

/**
 * influxd 1.x does not snapshot its cache on shutdown (it replays the WAL on start), so a restart
 * would not shrink anything. Instead the 1 s cold durations make it snapshot the cache to TSM and
 * fully compact it; we poll until the WAL is empty and the database dir has not changed for 5 s.
 * Counted: everything under data/bench (TSM files, the _series file and fields index — the inmem
 * index itself lives in RAM), not the emptied WAL; the WAL is added if it never empties.
 */
async function settledSize(dir: string, log: (line: string) => void): Promise<number> {
  let last = -1;
  let stableSince = Date.now();
  for (const deadline = Date.now() + 90_000; ; await sleep(500)) {
    const data = await du(join(dir, 'data', 'bench'));
    const wal = await du(join(dir, 'wal'));
    if (data.total !== last) [last, stableSince] = [data.total, Date.now()];
    const settled = wal.total === 0 && Date.now() - stableSince >= 5_000;
    if (settled || Date.now() > deadline) {
      log(
        `influx: ${settled ? 'settled' : 'NOT settled after 90 s'}: data ${data.total} B ` +
          `(${data.tsm} B in ${data.tsmFiles} TSM files), wal ${wal.total} B`,
      );
      return data.total + (settled ? 0 : wal.total);
    }
  }
}

async function du(path: string): Promise<{ total: number; tsm: number; tsmFiles: number }> {
  const sum = { total: 0, tsm: 0, tsmFiles: 0 };
  const entries = await readdir(path, { recursive: true }).catch(() => []);
  for (const entry of entries) {
    const info = await stat(join(path, entry)).catch(() => undefined); // compaction deletes files
    if (!info?.isFile()) continue;
    // _series segments are preallocated 4 MiB sparse files holding a few KiB: count the bytes
    // actually stored (allocated blocks), never more than the file's length.
    const size = Math.min(info.size, info.blocks * 512);
    sum.total += size;
    if (entry.endsWith('.tsm')) [sum.tsm, sum.tsmFiles] = [sum.tsm + size, sum.tsmFiles + 1];
  }
  return sum;
}

/** Median of 5 runs after one warm-up; wall time of the HTTP request including JSON parsing. */
async function timed(base: string, q: string): Promise<{ ms: number; rows: number; series: number }> {
  const times: number[] = [];
  let rows = 0;
  let series = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const result = await influxQuery(base, q, 'GET');
    if (run > 0) times.push(performance.now() - started);
    const all = result.results?.flatMap((r) => r.series ?? []) ?? [];
    [rows, series] = [all.reduce((n, s) => n + (s.values?.length ?? 0), 0), all.length];
  }
  times.sort((a, b) => a - b);
  return { ms: times[2] ?? NaN, rows, series };
}

async function influxQuery(base: string, q: string, method: 'GET' | 'POST'): Promise<InfluxResponse> {
  const url = `${base}/query?db=bench&epoch=ms&q=${encodeURIComponent(q)}`;
  const res = await fetch(url, { method });
  const body = (await res.json().catch(() => ({ error: 'response is not JSON' }))) as InfluxResponse;
  const error = body.error ?? body.results?.find((r) => r.error)?.error;
  if (!res.ok || error) throw new Error(`query ${q.slice(0, 120)} → HTTP ${res.status}: ${error ?? ''}`);
  return body;
}

async function post(url: string, body: string, expected: number): Promise<void> {
  const res = await fetch(url, { method: 'POST', body });
  const text = await res.text(); // drains the body so the keep-alive socket is reused
  if (res.status !== expected) throw new Error(`POST ${url} → HTTP ${res.status}: ${text.slice(0, 300)}`);
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

/** InfluxQL string literal. */
function literal(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
