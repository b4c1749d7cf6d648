import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigStore } from '../../../../electron/config/configStore.js';
import { decodeBatch } from '../../../../electron/sync/wire.js';
import { AuditRecordSchema, type AuditRecord, type SyncStream } from '../../../../shared/sync.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import {
  IDENTITY,
  TestClocks,
  bigHeartbeat,
  enableSync,
  noisySample,
  openStore,
  rollup,
} from './syncOutboxFixture.js';

const DAY = 86_400_000;
const MiB = 1024 ** 2;

describe('the outbox limits: size and age, a warning first, journaled drops, never the live lane', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let clocks: TestClocks;
  let store: ConfigStore;
  const logs: string[] = [];
  const open = () => (store = openStore(`${dir.path}/config.db`, clocks, logs));
  beforeEach(() => {
    dir = makeTempDir();
    clocks = new TestClocks();
    logs.length = 0;
    open();
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const batches = (stream: SyncStream) =>
    store.outbox.nextBatches({ streams: [stream], after: {}, maxBatches: 10_000, maxBytes: 1e12 });
  const audit = (): AuditRecord[] =>
    batches('audit').flatMap((batch) =>
      decodeBatch(batch.payload).records.map((line) => AuditRecordSchema.parse(line)),
    );
  const drops = () => audit().filter((record) => record.what === 'outbox.drop');
  const stream = (name: SyncStream) => store.outbox.backlog().streams.find((s) => s.stream === name)!;

  it('warns from the warning share on, then drops the oldest backfill batches at the size limit and journals them', () => {
    enableSync(store, { outbox: { maxBytes: MiB, warnPercent: 50 } });
    store.outbox.setIdentity(IDENTITY);
    let i = 0;
    const appendSome = () => {
      const outcome = store.outbox.append(
        Array.from({ length: 10 }, () => noisySample(clocks.wall + i, 10_000, ++i)),
      );
      expect(outcome).toEqual({ appended: 10, refused: null });
      store.outbox.tick();
    };
    while (store.outbox.backlog().warning === null) appendSome();
    const warned = store.outbox.backlog();
    expect(warned.warning).toMatch(
      /the outbox is \d+% full .* at the limit its oldest backfill batches are dropped/,
    );
    expect(warned.fillPercent).toBeGreaterThanOrEqual(50);
    expect(warned.droppedRecords).toBe(0);
    expect(logs).toContainEqual(expect.stringMatching(/^warn: sync outbox: the outbox is/));
    const sealedBefore = stream('raw').nextSeq - 1;
    while (store.outbox.backlog().droppedRecords === 0) appendSome();
    const after = store.outbox.backlog();
    expect(after.bytes).toBeLessThanOrEqual(MiB);
    const [dropped] = drops();
    expect(dropped).toMatchObject({
      by: 'outbox limit',
      summary: expect.stringMatching(/^outbox size limit reached: /),
    });
    expect(dropped!.dropped).toMatchObject({ stream: 'raw', fromSeq: 1 });
    expect(dropped!.dropped!.toSeq).toBeLessThanOrEqual(sealedBefore + 2);
    expect(after.droppedRecords).toBe(dropped!.dropped!.records);
    // What is left of the stream starts right after the dropped range.
    expect(batches('raw')[0]!.seq).toBe(dropped!.dropped!.toSeq + 1);
    expect(stream('raw').ackedSeq).toBe(dropped!.dropped!.toSeq);
  });

  it('never drops the live lane: with only live records at the limit, backfill is refused with the reason', () => {
    enableSync(store, { outbox: { maxBytes: MiB } });
    store.outbox.setIdentity(IDENTITY);
    const live = Array.from({ length: 200 }, (_, i) => bigHeartbeat(clocks.wall + i, 10_000, i + 1));
    for (const record of live) expect(store.outbox.append([record]).appended).toBe(1);
    expect(stream('heartbeat').records).toBe(200);
    const outcome = store.outbox.append([rollup(clocks.wall), bigHeartbeat(clocks.wall, 100)]);
    expect(outcome.appended).toBe(1);
    expect(outcome.refused).toMatch(
      /1 backfill records refused: the outbox is at its size limit .* only live records/,
    );
    expect(store.outbox.backlog().warning).toMatch(
      /new backfill records .* are refused until the cloud link drains/,
    );
    expect(stream('heartbeat').records).toBe(201);
    expect(store.outbox.backlog().droppedRecords).toBe(0);
    // The link drains the live lane: backfill is taken again.
    store.outbox.acknowledge(batches('heartbeat').map(({ seq }) => ({ stream: 'heartbeat', seq })));
    expect(store.outbox.append([rollup(clocks.wall)])).toEqual({ appended: 1, refused: null });
    expect(store.outbox.backlog().warning).toBeNull();
  });

  it('drops by age only as time is seen to pass: a clock set a year ahead drops nothing, then the limit applies', () => {
    enableSync(store, { outbox: { maxAgeDays: 2, warnPercent: 50 } });
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([rollup(clocks.wall - 1_000), rollup(clocks.wall)]);
    expect(batches('rollups')).toHaveLength(1);
    clocks.wall += 365 * DAY;
    clocks.mono += 60_000;
    store.outbox.tick();
    expect(store.outbox.backlog()).toMatchObject({ droppedRecords: 0, warning: null });
    expect(store.outbox.backlog().fillPercent).toBeLessThan(1);
    // And across a restart (no monotonic reference): the persisted trusted time holds.
    store.close();
    clocks.wall += 30 * DAY;
    clocks.mono = 5;
    open();
    store.outbox.setIdentity(IDENTITY);
    store.outbox.tick();
    expect(store.outbox.backlog().droppedRecords).toBe(0);
    // Time that really passes counts: past half the limit a warning, past the limit a drop.
    clocks.advance(1.2 * DAY);
    store.outbox.tick();
    expect(store.outbox.backlog()).toMatchObject({
      droppedRecords: 0,
      warning: expect.stringMatching(/1 days old: at 2 days/),
    });
    clocks.advance(0.9 * DAY);
    store.outbox.tick();
    expect(store.outbox.backlog().droppedRecords).toBe(2);
    expect(drops()).toEqual([
      expect.objectContaining({
        by: 'outbox limit',
        summary: expect.stringMatching(/^outbox age limit reached \(older than 2 days\)/),
        dropped: { stream: 'rollups', fromSeq: 1, toSeq: 1, records: 2 },
      }),
    ]);
  });

  it('drops on request: the oldest batches before the time, journaled with who and why; seqs go on after a restart', () => {
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
    const t = clocks.wall;
    store.outbox.append(Array.from({ length: 6_000 }, (_, i) => rollup(t + i)));
    store.outbox.append([rollup(t + 10_000), { ...rollup(t), stream: 'devices', line: '{"at":1}' }]);
    // rollups: 1–3 full, 4 partial (sealed by the drop); only 1 and 2 end before t + 4000.
    const outcome = store.outbox.drop(
      { stream: 'rollups', beforeMs: t + 4_000, reason: 'link down a month' },
      'ana',
    );
    expect(outcome).toEqual({ batches: 2, records: 4_000 });
    expect(drops()).toEqual([
      expect.objectContaining({
        by: 'ana',
        what: 'outbox.drop',
        summary: expect.stringMatching(
          /^dropped on request: link down a month: 4000 rollups records in 2 batches \(seq 1–2\)/,
        ),
        dropped: { stream: 'rollups', fromSeq: 1, toSeq: 2, records: 4_000 },
      }),
    ]);
    expect(stream('rollups')).toMatchObject({ records: 2_001, ackedSeq: 2, nextSeq: 5 });
    expect(stream('devices').records).toBe(1);
    // All backfill: rollups and devices, not the audit stream (it holds the drop journal).
    expect(store.outbox.drop({ stream: null, beforeMs: null, reason: 'start afresh' }, 'ana').records).toBe(
      2_002,
    );
    expect(drops().map((record) => record.dropped!.stream)).toEqual(['rollups', 'devices', 'rollups']);
    expect(stream('rollups')).toMatchObject({ records: 0, ackedSeq: 4, nextSeq: 5 });
    store.close();
    open();
    store.outbox.setIdentity(IDENTITY);
    store.outbox.append([rollup(t)]);
    expect(batches('rollups').map((batch) => batch.seq)).toEqual([5]);
    expect(store.outbox.backlog().droppedRecords).toBe(6_002);
  });
});
