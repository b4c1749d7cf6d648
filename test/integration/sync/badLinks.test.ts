import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { waitFor } from '../../helpers/waitFor.js';
import { blackHoleBroker, cuttingProxy } from './badLinks.js';
import { cloudSubscriber, rawSamples, syncHarness } from './syncHarness.js';

type Harness = Awaited<ReturnType<typeof syncHarness>>;

const reconnect = { initialMs: 50, maxMs: 300 };

/** Cloud brokers that misbehave: clear status, bounded memory, nothing committed lost. */
describe('SyncService on a bad cloud link', () => {
  let cloud: MosquittoHandle;
  let h: Harness | undefined;
  const t0 = Date.now() - 86_400_000;

  beforeAll(async () => {
    cloud = await startMosquitto();
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  afterAll(() => cloud.stop());

  it('shows a broker that accepts but never acknowledges as degraded, keeps the window, loses nothing', async () => {
    const hole = await blackHoleBroker();
    try {
      h = await syncHarness({
        drain: { ackTimeoutMs: 1_500, window: { maxBatches: 4, maxBytes: 1024 * 1024, liveReserve: 1 } },
      });
      await h.configure({
        enabled: true,
        cloud: { id: 'cloud', url: hole.url, reconnect },
        heartbeatSeconds: 3_600,
      });
      await h.append(rawSamples(40_000, t0));
      const degraded = await waitFor('degraded', async () => {
        const status = await h!.service.status();
        return status.link === 'degraded' ? status : undefined;
      });
      expect(degraded.detail).toMatch(/acknowledged none of the oldest for 2 s/);
      expect(degraded.inFlight).toBeLessThanOrEqual(4);
      await waitFor('a new connection', () => hole.connections >= 2);
      // Twenty batches wait; never more than the window went out per connection.
      expect(hole.bytes).toBeLessThan(hole.connections * 5 * 120 * 1024);
      const raw = (await h.service.status()).streams.find((s) => s.stream === 'raw');
      expect(raw).toMatchObject({ records: 40_000, ackedSeq: 0 });
    } finally {
      await hole.stop();
    }
  });

  it('keeps draining across disconnects every second, resending only what was not acknowledged', async () => {
    const proxy = await cuttingProxy(cloud.port, 1_000);
    const sub = await cloudSubscriber(cloud.url);
    try {
      h = await syncHarness({ drain: { window: { maxBatches: 4, maxBytes: 1024 * 1024, liveReserve: 1 } } });
      await h.configure({
        enabled: true,
        cloud: { id: 'cloud', url: proxy.url, clientId: 'wk-cut', reconnect },
        backfillBytesPerSecond: 60_000,
        heartbeatSeconds: 3_600,
      });
      await h.append(rawSamples(60_000, t0));
      await waitFor('every record at the receiver', () => sub.distinctRecords('raw') === 60_000, 60_000);
      await waitFor('the outbox empty', async () => (await h!.waiting()) === 0);
      expect(proxy.connections).toBeGreaterThan(1);
      // Each stream's first arrivals are in seq order: a resend repeats, it never skips ahead.
      const firsts: number[] = [];
      for (const seq of sub.seqs('raw')) if (!firsts.includes(seq)) firsts.push(seq);
      expect(firsts).toEqual(firsts.map((_, i) => i + 1));
    } finally {
      await sub.close();
      await proxy.stop();
    }
  });
});
