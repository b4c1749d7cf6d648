import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/platform/logger.js';
import { startServing, type Serving } from '../../../electron/serve.js';
import type { Alarm, AlarmActionResult, AlarmJournalEntry } from '../../../shared/alarms.js';
import type { EventPayload } from '../../../shared/contract.js';
import { startMosquitto, type MosquittoHandle } from '../../helpers/mosquitto.js';
import { makeTempDir } from '../../helpers/tempDir.js';
import { waitFor } from '../../helpers/waitFor.js';
import { connectWs, type WsClient } from '../../helpers/wsClient.js';

const FLOW = 'line1/pump1/flow';
const LEVEL = `${FLOW}#level`;

/**
 * Two Watchkeeper stations (two runtimes, two data folders, two station ids) on one Mosquitto:
 * each evaluates the alarm itself from the same device data, and what an operator does on one —
 * acknowledge with a comment, shelve — is seen on the other and by its browser clients; two acks
 * at once are both journaled on both; a station that was stopped catches up when it restarts.
 */
describe('two stations on one broker', () => {
  let broker: MosquittoHandle;
  let device: MqttClient;
  let a: Station;
  let b: Station;

  interface Station {
    name: string;
    serving: Serving;
    ws: WsClient;
    pushes: EventPayload<'onAlarms'>[];
    events: WebSocket;
  }
  const dirs = new Map<string, ReturnType<typeof makeTempDir>>();

  async function startStation(name: string): Promise<Station> {
    const dir = dirs.get(name) ?? makeTempDir();
    dirs.set(name, dir);
    const serving = await startServing({
      runtime: {
        dataDir: dir.path,
        brokerUrl: broker.url,
        demo: false,
        clientId: `wk-${name}`,
        station: name,
        localUser: `operator at ${name}`,
      },
      port: 0,
      log: createMemoryLogger(name),
    });
    const ws = await connectWs(serving.url);
    // A browser client's event socket: it must see the other station's actions too.
    const pushes: EventPayload<'onAlarms'>[] = [];
    const events = new WebSocket(`${serving.url.replace(/^http/, 'ws')}/api/ws`);
    events.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; event?: string; payload?: unknown };
      if (frame.type === 'event' && frame.event === 'onAlarms')
        pushes.push(frame.payload as EventPayload<'onAlarms'>);
    });
    await new Promise((resolve) => events.once('open', resolve));
    return { name, serving, ws, pushes, events };
  }

  async function stopStation(station: Station): Promise<void> {
    station.events.close();
    station.ws.close();
    await station.serving.stop();
  }

  async function result<T>(station: Station, method: string, params: unknown): Promise<T> {
    const answer = await station.ws.call(method, params);
    if (!answer.ok) throw new Error(`${station.name} ${method}: ${JSON.stringify(answer.error)}`);
    return answer.result as T;
  }
  const alarm = async (station: Station) =>
    (await result<{ alarms: Alarm[] }>(station, 'alarms.list', {})).alarms.find((x) => x.id === LEVEL);
  const journal = async (station: Station) =>
    (
      await result<{ entries: AlarmJournalEntry[] }>(station, 'alarms.queryJournal', {
        filter: { from: 0, to: Date.now() + 60_000, tag: FLOW },
        limit: 500,
      })
    ).entries.reverse();
  const publish = (value: number) =>
    device.publishAsync(`factory/${FLOW}`, JSON.stringify({ value }), { qos: 1 });
  /** Publishes until both stations read the alarm as `check` wants. */
  const drive = (value: number, what: string, check: (x: Alarm | undefined) => boolean) =>
    waitFor(what, async () => {
      await publish(value);
      return check(await alarm(a)) && check(await alarm(b));
    });

  async function configure(station: Station): Promise<void> {
    await waitFor(`the tag on ${station.name}`, async () => {
      await publish(20);
      return (await result<{ tags: { id: string }[] }>(station, 'tags.list', {})).tags.some(
        (t) => t.id === FLOW,
      );
    });
    await result(station, 'tags.configure', {
      tag: FLOW,
      config: {
        engRange: { low: 0, high: 100 },
        alarms: [{ kind: 'H', value: 50, deadband: 2, priority: 'medium', message: 'Pump 1 flow high' }],
      },
      baseVersion: 0,
    });
  }

  beforeAll(async () => {
    broker = await startMosquitto();
    device = await mqtt.connectAsync(broker.url, { clientId: 'two-stations-device' });
    a = await startStation('desk-a');
    b = await startStation('desk-b');
    await configure(a);
    await configure(b);
  });

  afterAll(async () => {
    for (const station of [a, b]) if (station) await stopStation(station).catch(() => {});
    await device?.endAsync();
    await broker?.stop();
    for (const dir of dirs.values()) dir.remove();
  });

  it('shows on B, and in its browser client, the acknowledgement made with a comment on A', async () => {
    await drive(55, 'the alarm on both stations', (x) => x?.state === 'unacked');
    const done = await result<AlarmActionResult>(a, 'alarms.acknowledge', {
      ids: [LEVEL],
      comment: 'operator sent to pump 1',
    });
    expect(done.results).toEqual([expect.objectContaining({ ok: true })]);
    const seen = await waitFor('the ack on B', async () => {
      const found = await alarm(b);
      return found?.state === 'acked' ? found : undefined;
    });
    expect(seen.acknowledgedBy).toMatchObject({
      user: 'operator at desk-a',
      station: 'desk-a',
      comment: 'operator sent to pump 1',
    });
    await waitFor('the ack pushed to the browser client of B', () =>
      b.pushes.some((push) => push.alarms.some((x) => x.id === LEVEL && x.state === 'acked')),
    );
    const line = await waitFor('the ack in B’s journal', async () =>
      (await journal(b)).find((l) => l.trigger === 'acknowledged'),
    );
    expect(line).toMatchObject({
      station: 'desk-a',
      user: 'operator at desk-a',
      comment: 'operator sent to pump 1',
    });
  });

  it('shows on A, with its remaining time, the shelve made on B', async () => {
    const before = Date.now();
    await result(b, 'alarms.shelve', {
      ids: [LEVEL],
      mode: 'timed',
      durationMs: 3_600_000,
      reason: 'pump under repair',
    });
    const shelved = await waitFor('the shelve on A', async () => (await alarm(a))?.shelved ?? undefined);
    expect(shelved).toMatchObject({ station: 'desk-b', mode: 'timed', comment: 'pump under repair' });
    const remaining = shelved.untilMs! - Date.now();
    expect(remaining).toBeGreaterThan(0);
    expect(shelved.untilMs).toBeGreaterThanOrEqual(before + 3_600_000);
    // Unshelved while still active, it is annunciated anew on both: acknowledged on A, seen on B.
    await result(a, 'alarms.unshelve', { ids: [LEVEL], comment: 'repair done' });
    await drive(
      55,
      'unshelved and unacknowledged on both',
      (x) => x?.shelved === null && x.state === 'unacked',
    );
    await result(a, 'alarms.acknowledge', { ids: [LEVEL], comment: 'seen again' });
    await drive(55, 'acknowledged on both', (x) => x?.state === 'acked');
  });

  it('journals both acks on both stations when they acknowledge one activation at once; the alarm is acked once', async () => {
    await drive(40, 'the alarm clear on both', (x) => x === undefined);
    await drive(60, 'a new activation on both', (x) => x?.state === 'unacked');
    const [onA, onB] = await Promise.all([
      result<AlarmActionResult>(a, 'alarms.acknowledge', { ids: [LEVEL], comment: 'mine (A)' }),
      result<AlarmActionResult>(b, 'alarms.acknowledge', { ids: [LEVEL], comment: 'mine (B)' }),
    ]);
    expect([onA.results[0]?.ok, onB.results[0]?.ok]).toEqual([true, true]);
    for (const station of [a, b]) {
      const acks = await waitFor(`both acks in ${station.name}'s journal`, async () => {
        const lines = (await journal(station)).filter(
          (l) => l.comment.includes('mine (A)') || l.comment.includes('mine (B)'),
        );
        return lines.length === 2 ? lines : undefined;
      });
      expect(acks.map((l) => l.station).sort()).toEqual(['desk-a', 'desk-b']);
      expect(acks.filter((l) => l.trigger === 'acknowledged')).toHaveLength(1);
      expect(await alarm(station)).toMatchObject({ state: 'acked', acknowledged: true });
    }
    // Both stations credit the same (earlier) acknowledgement.
    await waitFor('one acknowledgedBy on both', async () => {
      const [x, y] = [await alarm(a), await alarm(b)];
      return x?.acknowledgedBy?.station === y?.acknowledgedBy?.station;
    });
  });

  it('brings B, stopped while A shelved the alarm, to the shelve when it restarts', async () => {
    await stopStation(b);
    await result(a, 'alarms.shelve', {
      ids: [LEVEL],
      mode: 'timed',
      durationMs: 1_800_000,
      reason: 'while B was away',
    });
    b = await startStation('desk-b');
    const shelved = await waitFor('B converged', async () => (await alarm(b))?.shelved ?? undefined);
    expect(shelved).toMatchObject({ station: 'desk-a', comment: 'while B was away' });
    expect(shelved.untilMs).toBe((await alarm(a))?.shelved?.untilMs);
    const line = await waitFor('the shelve in B’s journal', async () =>
      (await journal(b)).find((l) => l.trigger === 'shelved' && l.comment === 'while B was away'),
    );
    expect(line).toMatchObject({ station: 'desk-a', user: 'operator at desk-a' });
  });
});
