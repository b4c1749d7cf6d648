import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigStore } from '../../../../electron/config/configStore.js';
import { decodeBatch } from '../../../../electron/sync/wire.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { IDENTITY, TestClocks, enableSync, noisySample, openStore } from './syncOutboxFixture.js';

describe('the sync outbox on a disk that refuses writes', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let store: ConfigStore;
  const clocks = new TestClocks();
  const open = () => {
    db = new Database(`${dir.path}/config.db`);
    store = openStore(`${dir.path}/config.db`, clocks, [], db);
  };
  beforeEach(() => {
    dir = makeTempDir();
    open();
    enableSync(store);
    store.outbox.setIdentity(IDENTITY);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });
  const count = () =>
    db.prepare("SELECT COUNT(*) FROM sync_pending WHERE stream = 'raw'").pluck().get() as number;
  const sealed = () =>
    store.outbox
      .nextBatches({ streams: ['raw'], after: {}, maxBatches: 1_000, maxBytes: 1e12 })
      .reduce((sum, batch) => sum + decodeBatch(batch.payload).records.length, 0);

  it('refuses an append on a full disk with the reason, keeps what was committed, and takes appends again once there is room', () => {
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 40}`);
    let accepted = 0;
    let refused: string | null = null;
    for (let i = 0; i < 1_000 && refused === null; i++) {
      const outcome = store.outbox.append(
        Array.from({ length: 5 }, (_, n) => noisySample(i, 2_000, i * 10 + n + 1)),
      );
      accepted += outcome.appended;
      refused = outcome.refused;
      if (refused) expect(outcome.appended).toBe(0);
    }
    expect(refused).toMatch(
      /^the sync outbox could not be written: the disk is full \(SQLITE_FULL: .*\); nothing of it was stored$/,
    );
    expect(accepted).toBeGreaterThan(0);
    expect(accepted % 5).toBe(0);
    // Nothing half: every accepted record is there (pending or sealed), none of the refused batch.
    expect(store.outbox.backlog().streams.find((s) => s.stream === 'raw')!.records).toBe(accepted);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The drain still gets what is sealed, and acknowledging frees room.
    const batches = store.outbox.nextBatches({
      streams: ['raw'],
      after: {},
      maxBatches: 1_000,
      maxBytes: 1e12,
    });
    store.outbox.acknowledge(batches.map(({ seq }) => ({ stream: 'raw', seq })));
    store.close();
    open();
    expect(count() + sealed()).toBe(accepted - batches.reduce((sum, batch) => sum + batch.count, 0));
    store.outbox.setIdentity(IDENTITY);
    expect(store.outbox.append([noisySample(1, 2_000)])).toEqual({ appended: 1, refused: null });
  });

  it('refuses an append on a read-only file with the reason', () => {
    db.pragma('query_only = ON');
    expect(store.outbox.append([noisySample(1, 100)])).toEqual({
      appended: 0,
      refused: expect.stringMatching(
        /^the sync outbox could not be written: the file or its disk is read-only/,
      ),
    });
    db.pragma('query_only = OFF');
    expect(store.outbox.append([noisySample(1, 100)]).appended).toBe(1);
  });
});
