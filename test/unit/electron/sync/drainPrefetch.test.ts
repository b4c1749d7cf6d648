import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import type { Drain } from '../../../../electron/sync/drain.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';
import {
  alarmRecord,
  drainOver,
  openSyncOutbox,
  rawSamples,
  rollups,
  scriptedSession,
} from '../../../integration/sync/syncHarness.js';

/** The drain's read-ahead of backfill over the real outbox (config.db in a temp folder). */
describe('Drain with read-ahead over the real outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let configDb: ConfigDb;
  let drain: Drain;
  const t0 = Date.now() - 86_400_000;

  beforeEach(async () => {
    dir = makeTempDir('wk-drain-prefetch-');
    configDb = await openSyncOutbox(dir.path);
    drain = drainOver(configDb, {
      window: { maxBatches: 4, maxBytes: 64 * 1024 ** 2, liveReserve: 1 },
      prefetch: { maxBatches: 4, maxBytes: 64 * 1024 ** 2 },
    });
    drain.start();
  });
  afterEach(async () => {
    await drain.stop();
    await configDb.stop();
    dir.remove();
  });

  const raw = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `raw:${from + i}`);
  /** Acknowledges every batch as it comes until `n` went out. */
  const ackUntil = async (s: ReturnType<typeof scriptedSession>, n: number) => {
    let acked = 0;
    await waitFor(`${n} batches out`, () => {
      while (acked < s.published.length) s.published[acked++]!.done();
      return s.published.length >= n;
    });
  };

  it('reads ahead a bounded buffer and sends every batch once, in seq order', async () => {
    await configDb.append(rawSamples(20_000, t0)); // raw 1–10
    const s = scriptedSession(1);
    drain.setSession(s.session);
    await waitFor(
      'window and read-ahead full',
      () => s.published.length === 3 && drain.prefetched.batches >= 3,
    );
    expect(s.ids()).toEqual(raw(1, 3));
    expect(drain.prefetched.batches).toBeLessThanOrEqual(4);
    await ackUntil(s, 10);
    await new Promise((resolve) => setTimeout(resolve, 300)); // an idle wake: nothing more
    expect(s.ids()).toEqual(raw(1, 10));
    await waitFor('all acknowledged', async () =>
      (await configDb.backlog()).streams.every((b) => b.records === 0),
    );
  });

  it('starts a new session from the oldest unacknowledged batch, the read-ahead dropped', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const first = scriptedSession(1);
    drain.setSession(first.session);
    await waitFor('read ahead', () => first.published.length === 3 && drain.prefetched.batches >= 3);
    first.published[0]!.done(); // raw 1 acknowledged; raw 2–3 not, raw 4–7 held ahead
    await waitFor('raw 4 out', () => first.published.length === 4);
    const second = scriptedSession(2);
    drain.setSession(second.session);
    await ackUntil(second, 9);
    expect(second.ids()).toEqual(raw(2, 10));
    expect(first.ids()).toEqual(raw(1, 4));
  });

  it('sends a live alarm ahead of backfill already read ahead', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const s = scriptedSession(1);
    drain.setSession(s.session);
    await waitFor('read ahead', () => s.published.length === 3 && drain.prefetched.batches >= 3);
    await configDb.append([alarmRecord(Date.now())]);
    drain.nudge();
    s.published[0]!.done(); // room for one more: the alarm's, not raw 4's
    await waitFor('the alarm', () => s.ids().includes('alarms:1'));
    await ackUntil(s, 11);
    expect(s.ids().indexOf('alarms:1')).toBeLessThan(s.ids().indexOf('raw:4'));
  });

  it('drops read-ahead of streams a metered link does not send', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const s = scriptedSession(1);
    drain.setSession(s.session);
    await waitFor('read ahead', () => s.published.length === 3 && drain.prefetched.batches >= 3);
    await configDb.append(rollups(2_000, t0, 'rollupsHourly'));
    drain.configure({ metered: true, backfillBytesPerSecond: null });
    await ackUntil(s, 4);
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few wakes: no raw batch read ahead
    for (const p of s.published) p.done();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(s.ids()).toEqual([...raw(1, 3), 'rollupsHourly:1']);
  });
});
