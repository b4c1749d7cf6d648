import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../electron/config/configDb.js';
import type { Drain } from '../../../electron/sync/drain.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';
import { alarmRecord, drainOver, openSyncOutbox, rawSamples, scriptedSession } from './syncHarness.js';

describe('Drain over the real outbox', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let configDb: ConfigDb;
  let drain: Drain;
  const stalls: string[] = [];
  const t0 = Date.now() - 86_400_000;

  beforeEach(async () => {
    stalls.length = 0;
    dir = makeTempDir('wk-drain-');
    configDb = await openSyncOutbox(dir.path);
    drain = drainOver(configDb, {
      onStalled: (detail) => stalls.push(detail),
    });
    drain.start();
  });
  afterEach(async () => {
    await drain.stop();
    await configDb.stop();
    dir.remove();
  });

  const rawBacklog = async () =>
    (await configDb.backlog()).streams.find((stream) => stream.stream === 'raw')!;

  it('keeps at most the window less the live reserve of backfill in flight, in seq order', async () => {
    await configDb.append(rawSamples(20_000, t0)); // ten batches
    const { session, published } = scriptedSession(1);
    drain.setSession(session);
    await waitFor('three batches out', () => published.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few wakes: still three
    expect(published.map((p) => [p.topic, p.seq])).toEqual([
      ['wk/v1/north-mine/up/raw', 1],
      ['wk/v1/north-mine/up/raw', 2],
      ['wk/v1/north-mine/up/raw', 3],
    ]);
    expect(drain.inFlightCount).toBe(3);
  });

  it('takes PUBACKs in any order, and the outbox lets exactly those batches go', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const { session, published } = scriptedSession(1);
    drain.setSession(session);
    await waitFor('three batches out', () => published.length === 3);
    published[2]!.done();
    published[0]!.done();
    await waitFor('the next two', () => published.length === 5);
    expect(published.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
    await waitFor('acknowledged in the outbox', async () => (await rawBacklog()).records === 16_000);
    // Batch 2 is still unacknowledged: a new session starts again from it.
    const next = scriptedSession(2);
    drain.setSession(next.session);
    await waitFor('a resend', () => next.published.length === 3);
    expect(next.published.map((p) => p.seq)).toEqual([2, 4, 5]);
    // A PUBACK of the old session does not count in the new one.
    published[1]!.done();
    next.published[0]!.done();
    await waitFor('batch 2 gone', async () => (await rawBacklog()).records === 14_000);
  });

  it('sends a live alarm at once while backfill fills its share of the window', async () => {
    await configDb.append(rawSamples(20_000, t0));
    const { session, published } = scriptedSession(1);
    drain.setSession(session);
    await waitFor('backfill share full', () => published.length === 3);
    await configDb.append([alarmRecord(Date.now())]);
    drain.nudge();
    const alarm = await waitFor('the alarm', () => published.find((p) => p.stream === 'alarms'));
    expect(alarm.topic).toBe('wk/v1/north-mine/up/alarms');
    expect(published.filter((p) => p.stream === 'raw')).toHaveLength(3);
  });

  it('says the link stalls when the oldest batch waits past the timeout, and keeps the batches', async () => {
    await drain.stop();
    let now = Date.now();
    drain = drainOver(configDb, {
      ackTimeoutMs: 20_000,
      now: () => now,
      onStalled: (detail) => stalls.push(detail),
    });
    drain.start();
    await configDb.append(rawSamples(4_000, t0));
    const { session, published } = scriptedSession(1);
    drain.setSession(session);
    await waitFor('two out', () => published.length === 2);
    now += 20_000;
    await waitFor('the stall reported', () => stalls.at(-1));
    expect(stalls.at(-1)).toBe('the broker took 2 batches but acknowledged none of the oldest for 20 s');
    expect((await rawBacklog()).records).toBe(4_000);
  });
});
