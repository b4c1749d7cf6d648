import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigStore } from '../../../../electron/config/configStore.js';
import { decodeBatch } from '../../../../electron/sync/wire.js';
import {
  MAX_BATCH_RAW_BYTES,
  MAX_BATCH_RECORDS,
  MAX_BATCH_WIRE_BYTES,
  type SyncStream,
} from '../../../../shared/sync.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import {
  IDENTITY,
  TestClocks,
  enableSync,
  heartbeat,
  noisySample,
  openStore,
  rollup,
} from './syncOutboxFixture.js';

// Not `audit`: enabling sync puts its own record there.
const STREAMS: SyncStream[] = ['heartbeat', 'rollups', 'raw'];
const next = (store: ConfigStore, after = {}, streams = STREAMS) =>
  store.outbox.nextBatches({ streams, after, maxBatches: 1_000, maxBytes: 1e9 });

describe('the sync outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let clocks: TestClocks;
  let store: ConfigStore;
  const reopen = () => {
    store.close();
    store = openStore(`${dir.path}/config.db`, clocks);
  };
  beforeEach(() => {
    dir = makeTempDir();
    clocks = new TestClocks();
    store = openStore(`${dir.path}/config.db`, clocks);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('takes nothing while sync is off, and says so', () => {
    expect(store.outbox.append([rollup(1)])).toEqual({
      appended: 0,
      refused: expect.stringMatching(/sync is off/),
    });
    enableSync(store, { cloud: null });
    expect(store.outbox.append([rollup(1)]).appended).toBe(0);
    enableSync(store);
    expect(store.outbox.append([rollup(1)])).toEqual({ appended: 1, refused: null });
    expect(store.outbox.backlog().streams.find((s) => s.stream === 'rollups')?.records).toBe(1);
  });

  it('keeps records pending until the identity is known, then seals them in order into batches a receiver decodes', () => {
    enableSync(store);
    const records = Array.from({ length: 4_500 }, (_, i) => rollup(clocks.wall + i * 1_000));
    expect(store.outbox.append(records).appended).toBe(4_500);
    expect(next(store)).toEqual([]);
    store.outbox.setIdentity(IDENTITY);
    const batches = next(store).filter((batch) => batch.stream === 'rollups');
    expect(batches.map((batch) => [batch.seq, batch.count])).toEqual([
      [1, MAX_BATCH_RECORDS],
      [2, MAX_BATCH_RECORDS],
      [3, 500],
    ]);
    const decoded = batches.map((batch) => decodeBatch(batch.payload));
    expect(decoded[0]!.header).toEqual({
      v: 1,
      site: 'north-mine',
      station: 'control-1',
      outbox: store.outbox.outboxId(),
      stream: 'rollups',
      seq: 1,
      count: MAX_BATCH_RECORDS,
      firstAtMs: records[0]!.at,
      lastAtMs: records[1_999]!.at,
    });
    const ats = decoded.flatMap((batch) => batch.records.map((record) => (record as { at: number }).at));
    expect(ats).toEqual(records.map((record) => record.at));
    expect(decoded.every((batch) => batch.invalid.length === 0)).toBe(true);
    expect(batches.every((batch) => batch.firstAtMs <= batch.lastAtMs)).toBe(true);
  });

  it('seals a live stream in the transaction that appends it, and a backfill stream once a batch is full', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([heartbeat(clocks.wall)]);
    store.outbox.append(Array.from({ length: 2_100 }, (_, i) => rollup(clocks.wall + i)));
    const stored = store.outbox.backlog().streams;
    expect(stored.find((s) => s.stream === 'heartbeat')).toMatchObject({ records: 1, nextSeq: 2 });
    // One full backfill batch sealed; the other 100 wait for more (or the drain).
    expect(stored.find((s) => s.stream === 'rollups')).toMatchObject({ records: 2_100, nextSeq: 2 });
  });

  it('keeps batches within the raw limit and splits one that would be too large on the wire', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    // 40 KiB of text that does not compress: 2,000 of them would be 80 MB raw.
    const records = Array.from({ length: 60 }, (_, i) => noisySample(clocks.wall + i, 40_000, i + 1));
    store.outbox.append(records);
    const batches = next(store).filter((batch) => batch.stream === 'raw');
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      expect(batch.payload.length).toBeLessThanOrEqual(MAX_BATCH_WIRE_BYTES);
      const { header, records: lines } = decodeBatch(batch.payload);
      expect(lines.length).toBe(header.count);
      expect(
        lines.reduce((sum: number, line) => sum + JSON.stringify(line).length + 1, 0),
      ).toBeLessThanOrEqual(MAX_BATCH_RAW_BYTES);
    }
    expect(batches.map((batch) => batch.seq)).toEqual(batches.map((_, i) => i + 1));
    expect(batches.reduce((sum, batch) => sum + batch.count, 0)).toBe(60);
  });

  it('refuses a malformed record and keeps the rest', () => {
    enableSync(store);
    const outcome = store.outbox.append([
      rollup(1),
      { stream: 'nope' as never, at: 1, line: '{}' },
      { ...rollup(2), at: -5 },
      noisySample(3, 70_000),
    ]);
    expect(outcome.appended).toBe(1);
    expect(outcome.refused).toMatch(/unknown stream "nope"/);
    expect(outcome.refused).toMatch(/over 65536 bytes/);
  });

  it('hands out batches above what is in flight, streams in the order asked, within the count and bytes asked', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append(Array.from({ length: 6_000 }, (_, i) => rollup(clocks.wall + i)));
    store.outbox.append([heartbeat(clocks.wall)]);
    const first = next(store);
    expect(first.map((batch) => `${batch.stream}:${batch.seq}`)).toEqual([
      'heartbeat:1',
      'rollups:1',
      'rollups:2',
      'rollups:3',
    ]);
    expect(next(store, { rollups: 2 }).map((batch) => `${batch.stream}:${batch.seq}`)).toEqual([
      'heartbeat:1',
      'rollups:3',
    ]);
    const two = store.outbox.nextBatches({ streams: ['rollups'], after: {}, maxBatches: 2, maxBytes: 1e9 });
    expect(two.map((batch) => batch.seq)).toEqual([1, 2]);
    const oneByBytes = store.outbox.nextBatches({
      streams: ['rollups'],
      after: {},
      maxBatches: 10,
      maxBytes: 1,
    });
    expect(oneByBytes.map((batch) => batch.seq)).toEqual([1]);
  });

  it('takes acknowledgements in any order, repeats as no-ops, and moves the acked seq over what is contiguous', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append(Array.from({ length: 8_000 }, (_, i) => rollup(clocks.wall + i)));
    expect(next(store).map((batch) => batch.seq)).toEqual([1, 2, 3, 4]);
    const rollups = () => store.outbox.backlog().streams.find((s) => s.stream === 'rollups')!;
    store.outbox.acknowledge([{ stream: 'rollups', seq: 3 }]);
    store.outbox.acknowledge([{ stream: 'rollups', seq: 2 }]);
    expect(rollups()).toMatchObject({ ackedSeq: 0, records: 4_000, nextSeq: 5 });
    store.outbox.acknowledge([{ stream: 'rollups', seq: 1 }]);
    expect(rollups()).toMatchObject({ ackedSeq: 3, records: 2_000 });
    store.outbox.acknowledge([
      { stream: 'rollups', seq: 1 },
      { stream: 'rollups', seq: 3 },
      { stream: 'rollups', seq: 99 },
    ]);
    expect(rollups()).toMatchObject({ ackedSeq: 3, records: 2_000 });
    store.outbox.acknowledge([{ stream: 'rollups', seq: 4 }]);
    expect(rollups()).toMatchObject({ ackedSeq: 4, records: 0, bytes: 0, oldestAtMs: null, nextSeq: 5 });
    expect(next(store)).toEqual([]);
  });

  it('survives a restart with pending and sealed rows, and never reuses a seq', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append(Array.from({ length: 2_300 }, (_, i) => rollup(clocks.wall + i)));
    const outbox = store.outbox.outboxId();
    store.outbox.acknowledge([{ stream: 'rollups', seq: 1 }]);
    reopen();
    expect(store.outbox.outboxId()).toBe(outbox);
    expect(store.outbox.syncSettings().settings.enabled).toBe(true);
    // Pending rows stay pending until the identity is given again.
    expect(store.outbox.backlog().streams.find((s) => s.stream === 'rollups')).toMatchObject({
      records: 300,
      nextSeq: 2,
      ackedSeq: 1,
    });
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([rollup(clocks.wall + 5_000)]);
    const batches = next(store).filter((batch) => batch.stream === 'rollups');
    expect(batches.map((batch) => [batch.seq, batch.count])).toEqual([[2, 301]]);
    const ats = decodeBatch(batches[0]!.payload).records.map((record) => (record as { at: number }).at);
    expect(ats[0]).toBe(clocks.wall + 2_000);
    expect(ats.at(-1)).toBe(clocks.wall + 5_000);
    store.outbox.acknowledge([{ stream: 'rollups', seq: 2 }]);
    reopen();
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([rollup(clocks.wall + 6_000)]);
    expect(next(store).map((batch) => `${batch.stream}:${batch.seq}`)).toContain('rollups:3');
  });

  it('reports the backlog per stream: records, stored bytes, oldest event time, seqs', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([rollup(clocks.wall - 60_000), rollup(clocks.wall), heartbeat(clocks.wall - 5)]);
    const backlog = store.outbox.backlog();
    expect(backlog.streams.map((s) => s.stream)).toContain('alarms');
    expect(backlog.streams.find((s) => s.stream === 'rollups')).toMatchObject({
      lane: 'backfill',
      records: 2,
      oldestAtMs: clocks.wall - 60_000,
      nextSeq: 1,
    });
    expect(backlog.streams.find((s) => s.stream === 'heartbeat')).toMatchObject({
      lane: 'live',
      records: 1,
      nextSeq: 2,
    });
    expect(backlog.bytes).toBe(backlog.streams.reduce((sum, s) => sum + s.bytes, 0));
    expect(backlog.bytes).toBeGreaterThan(0);
    expect(backlog.oldestAtMs).toBe(clocks.wall - 60_000);
    expect(backlog).toMatchObject({
      droppedRecords: 0,
      warning: null,
      maxBytes: 2 * 1024 ** 3,
      maxAgeDays: 90,
    });
  });

  it('versions the sync settings, refuses an edit from an old version, and records the change in the audit stream', () => {
    expect(store.outbox.syncSettings()).toMatchObject({
      version: 0,
      settings: { enabled: false, cloud: null },
    });
    enableSync(store);
    expect(store.outbox.syncSettings().version).toBe(1);
    const { settings } = store.outbox.syncSettings();
    expect(store.outbox.saveSyncSettings({ ...settings, metered: true }, 0, 'someone')).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    expect(store.outbox.saveSyncSettings({ ...settings, rollupSeconds: 1 }, 1, 'someone')).toMatchObject({
      ok: false,
      code: 'INVALID',
    });
    expect(store.outbox.saveSyncSettings({ ...settings, metered: true }, 1, 'someone')).toEqual({
      ok: true,
      version: 2,
    });
    store.outbox.setIdentity(IDENTITY);
    const audit = next(store, {}, ['audit']);
    const lines = audit.flatMap((batch) => decodeBatch(batch.payload).records) as {
      what: string;
      by: string;
      summary: string;
    }[];
    expect(lines.map((line) => [line.what, line.by])).toEqual([
      ['sync', 'engineer'],
      ['sync', 'someone'],
    ]);
    expect(lines[1]!.summary).toMatch(/cloud sync on to mqtts:\/\/cloud\.example:8883, metered link/);
  });

  it('seals a backfill stream by the periodic tick once it has gone quiet, not while records keep coming', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const rollups = () => store.outbox.backlog().streams.find((s) => s.stream === 'rollups')!;
    store.outbox.append([rollup(clocks.wall)]);
    store.outbox.tick();
    expect(rollups().nextSeq).toBe(1);
    store.outbox.append([rollup(clocks.wall + 1)]);
    store.outbox.tick();
    expect(rollups().nextSeq).toBe(1);
    store.outbox.tick();
    expect(rollups()).toMatchObject({ nextSeq: 2, records: 2 });
    const [batch] = next(store);
    expect(decodeBatch(batch!.payload).header).toMatchObject({ stream: 'rollups', seq: 1, count: 2 });
  });
});
