import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import type { SealedBatch } from '../../../../electron/sync/ports.js';
import { Prefetch, type PrefetchLimits } from '../../../../electron/sync/prefetch.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';
import { openSyncOutbox, rawSamples, rollups } from '../../../integration/sync/syncHarness.js';

/** Read-ahead over the real outbox (config.db in a temp folder, in its worker). */
describe('Prefetch over the real outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let configDb: ConfigDb;
  let fills = 0;
  const errors: unknown[] = [];
  const t0 = Date.now() - 86_400_000;

  beforeEach(async () => {
    fills = 0;
    errors.length = 0;
    dir = makeTempDir('wk-prefetch-');
    configDb = await openSyncOutbox(dir.path);
  });
  afterEach(async () => {
    await configDb.stop();
    dir.remove();
  });

  const prefetch = (limits: PrefetchLimits) =>
    new Prefetch({
      outbox: configDb,
      limits,
      onFilled: () => fills++,
      onError: (error) => errors.push(error),
    });
  /** Refills, if it asks, and waits for the answer: the worker answers calls in order. */
  const refilled = async (p: Prefetch, sent: Record<string, number> = {}) => {
    p.refill(['raw', 'rollups'], sent);
    await configDb.backlog();
  };
  const ids = (batches: SealedBatch[]) => batches.map((b) => `${b.stream}:${b.seq}`);

  it('reads ahead per stream in seq order, and hands out every batch once', async () => {
    await configDb.append(rawSamples(20_000, t0)); // raw 1–10
    await configDb.append(rollups(4_000, t0, 'rollups')); // rollups 1–2
    const p = prefetch({ maxBatches: 4, maxBytes: 64 * 1024 ** 2 });
    await refilled(p);
    expect(p.count).toBe(4);
    p.refill(['raw', 'rollups'], {}); // more than half full: not asked
    const taken = p.take(3, Number.POSITIVE_INFINITY);
    expect(ids(taken)).toEqual(['raw:1', 'raw:2', 'raw:3']);
    const sent: Record<string, number> = { raw: 3 };
    const all = [...taken];
    for (let round = 0; round < 20 && p.count + all.length < 12; round++) {
      await refilled(p, sent);
      const next = p.take(2, Number.POSITIVE_INFINITY);
      for (const batch of next) sent[batch.stream] = batch.seq;
      all.push(...next);
    }
    all.push(...p.take(100, Number.POSITIVE_INFINITY));
    expect(ids(all)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `raw:${i + 1}`),
      'rollups:1',
      'rollups:2',
    ]);
    expect(errors).toEqual([]);
  });

  it('asks no more once the outbox had nothing, until woken', async () => {
    await configDb.append(rawSamples(2_000, t0));
    const p = prefetch({ maxBatches: 4, maxBytes: 64 * 1024 ** 2 });
    await refilled(p);
    expect(ids(p.take(4, Number.POSITIVE_INFINITY))).toEqual(['raw:1']);
    await refilled(p, { raw: 1 }); // nothing more: dry
    await configDb.append(rawSamples(2_000, t0 + 2_000_000));
    await refilled(p, { raw: 1 });
    expect(p.count).toBe(0);
    p.wake();
    await refilled(p, { raw: 1 });
    expect(ids(p.take(4, Number.POSITIVE_INFINITY))).toEqual(['raw:2']);
  });

  it('holds at most its batches, and its bytes but for one batch', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const one = (await configDb.nextBatches({ streams: ['raw'], after: {}, maxBatches: 1, maxBytes: 1 }))[0]!;
    const size = one.payload.byteLength;
    const byBatches = prefetch({ maxBatches: 3, maxBytes: 64 * 1024 ** 2 });
    await refilled(byBatches);
    expect(byBatches.count).toBe(3);
    const byBytes = prefetch({ maxBatches: 100, maxBytes: Math.floor(2.5 * size) });
    await refilled(byBytes);
    expect(byBytes.bytes).toBeLessThanOrEqual(2.5 * size + size);
    expect(byBytes.count).toBeLessThan(10);
    // Taking stops at the bytes asked for, but always hands out one.
    expect(byBytes.take(10, 1)).toHaveLength(1);
    expect(byBytes.take(10, size + 1)).toHaveLength(1);
  });

  it('drops what it holds on reset, and a refill under way with it', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const p = prefetch({ maxBatches: 4, maxBytes: 64 * 1024 ** 2 });
    await refilled(p);
    expect(p.count).toBe(4);
    p.take(4, Number.POSITIVE_INFINITY);
    const before = fills;
    p.refill(['raw'], { raw: 4 });
    p.reset(); // e.g. a new session while the worker answers
    await waitFor('the old refill answered', () => fills > before);
    expect(p.count).toBe(0);
    // The new session sent nothing yet: it starts from the oldest unacknowledged batch.
    await refilled(p, {});
    expect(ids(p.take(4, Number.POSITIVE_INFINITY))).toEqual(['raw:1', 'raw:2', 'raw:3', 'raw:4']);
  });
});
