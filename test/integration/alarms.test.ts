import mqtt, { type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { Alarm, AlarmJournalEntry } from '../../shared/alarms.js';
import type { EventPayload } from '../../shared/contract.js';
import { Quality } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs, type WsClient } from '../helpers/wsClient.js';

const DEVICE = 'line1/pump1';
const FLOW = 'line1/pump1/flow';
const LEVEL = `${FLOW}#level`;
const BAD = `${FLOW}#badQuality`;

/**
 * The alarm engine in a real runtime: a JSON device publishes a tag's values through its limits
 * over a real Mosquitto; the alarm's states, the onAlarms pushes a WebSocket client receives,
 * and the journal and states in the real config.db follow — through silence (stale, frozen,
 * bad quality) and a restart that restores without annunciating anew.
 */
describe('alarms over a real broker and config.db', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let device: MqttClient;
  let ws: WsClient;
  const pushes: EventPayload<'onAlarms'>[] = [];
  let events: WebSocket;
  const dir = makeTempDir();
  const start = () =>
    startServing({
      runtime: {
        dataDir: dir.path,
        brokerUrl: broker.url,
        demo: false,
        clientId: 'wk-alarms',
        station: 'control-room-1',
      },
      port: 0,
      log: createMemoryLogger(),
    });
  const publish = (value: number) =>
    device.publishAsync(`factory/${FLOW}`, JSON.stringify({ value, unit: 'm³/h' }), { qos: 1 });
  const result = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = await ws.call(method, params);
    if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
    return answer.result as T;
  };
  const alarm = async (id: string) =>
    (await result<{ alarms: Alarm[] }>('alarms.list', {})).alarms.find((a) => a.id === id);
  const journal = async () =>
    (
      await result<{ entries: AlarmJournalEntry[] }>('alarms.queryJournal', {
        filter: { from: 0, to: Date.now() + 60_000, tag: FLOW },
        limit: 500,
      })
    ).entries.reverse();
  /** Publishes until the alarm reads as `check` wants (the first message may precede the subscription). */
  const drive = (value: number, what: string, check: (a: Alarm | undefined) => boolean) =>
    waitFor(what, async () => {
      await publish(value);
      const found = await alarm(LEVEL);
      return check(found) ? (found ?? true) : undefined;
    });

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await start();
    device = await mqtt.connectAsync(broker.url, { clientId: 'alarm-device' });
    ws = await connectWs(serving.url);
    events = new WebSocket(`${serving.url.replace(/^http/, 'ws')}/api/ws`);
    events.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; event?: string; payload?: unknown };
      if (frame.type === 'event' && frame.event === 'onAlarms')
        pushes.push(frame.payload as EventPayload<'onAlarms'>);
    });
    await new Promise((resolve) => events.once('open', resolve));
  });

  afterAll(async () => {
    events?.close();
    ws?.close();
    await device?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('drives a tag through H, HH and back, acknowledged with a comment, all journaled in config.db', async () => {
    await waitFor('the tag', async () => {
      await publish(20);
      return (await result<{ tags: { id: string }[] }>('tags.list', {})).tags.some((t) => t.id === FLOW);
    });
    const configured = await ws.call('tags.configure', {
      tag: FLOW,
      config: {
        engRange: { low: 0, high: 100 },
        alarms: [
          { kind: 'H', value: 50, deadband: 2, priority: 'medium', message: 'Pump 1 flow high' },
          { kind: 'HH', value: 80, deadband: 2, priority: 'high', message: 'Pump 1 flow very high' },
        ],
      },
      baseVersion: 0,
    });
    expect(configured).toMatchObject({ ok: true });

    const high = await drive(55, 'the H alarm', (a) => a?.state === 'unacked' && a.level === 'H');
    expect(high).toMatchObject({ priority: 'medium', message: 'Pump 1 flow high', value: 55, area: 'line1' });
    const raisedPush = await waitFor('the H alarm pushed to the browser client', () => {
      const index = pushes.findIndex((p) => p.alarms.some((a) => a.id === LEVEL && a.level === 'H'));
      return index >= 0 ? index : undefined;
    });
    expect(pushes[raisedPush]!.counts.medium).toEqual({ unacked: 1, total: 1 });
    await drive(85, 'escalation to HH', (a) => a?.level === 'HH');
    const ack = await result<{ results: { ok: boolean }[] }>('alarms.acknowledge', {
      ids: [LEVEL],
      comment: 'operator sent to the pump',
    });
    expect(ack.results).toEqual([expect.objectContaining({ ok: true })]);
    await drive(60, 'back to H, still acknowledged', (a) => a?.level === 'H' && a.state === 'acked');
    await drive(47, 'normal again', (a) => a === undefined);

    // Transitions are written in batches: wait for the last one to be on disk.
    const lines = await waitFor('the journal in config.db', async () => {
      const found = await journal();
      return found.some((l) => l.alarm === LEVEL && l.trigger === 'cleared') ? found : undefined;
    });
    const transitions = lines
      .filter((l) => l.alarm === LEVEL)
      .map((l) => `${l.trigger} ${l.from}→${l.to} ${l.level}`);
    expect(transitions).toEqual([
      'activated normal→unacked H',
      'escalated unacked→unacked HH',
      'acknowledged unacked→acked HH',
      'levelChanged acked→acked H',
      'cleared acked→normal H',
    ]);
    expect(lines.find((l) => l.trigger === 'acknowledged')).toMatchObject({
      user: 'local operator',
      station: 'control-room-1',
      comment: 'operator sent to the pump',
      value: 85,
      quality: Quality.Good,
    });
    // The browser client was told of the return (pushes are coalesced: the last state counts).
    await waitFor('the return pushed', () =>
      pushes.slice(raisedPush + 1).some((p) => p.removed.includes(LEVEL)),
    );
    expect(pushes.at(-1)!.counts.high).toEqual({ unacked: 0, total: 0 });
  });

  it('freezes the limit alarm and raises bad quality when the device falls silent, and restores both after a restart', async () => {
    await drive(90, 'HH again', (a) => a?.level === 'HH');
    const configured = await ws.call('devices.configure', {
      device: DEVICE,
      config: { staleAfterMs: 2_000 },
      baseVersion: 0,
    });
    expect(configured).toMatchObject({ ok: true });
    // Silence: the device says nothing more.
    const frozen = await waitFor('the alarm frozen', async () => {
      const found = await alarm(LEVEL);
      return found?.frozen ? found : undefined;
    });
    expect(frozen).toMatchObject({ active: true, level: 'HH', state: 'unacked' });
    expect(await alarm(BAD)).toMatchObject({ active: true, state: 'unacked', priority: 'low' });

    ws.close();
    events.close();
    await serving.stop();
    serving = await start();
    ws = await connectWs(serving.url);
    // Restored as they were, from config.db: no new activation.
    expect(await alarm(LEVEL)).toMatchObject({ active: true, level: 'HH', state: 'unacked', frozen: true });
    expect(await alarm(BAD)).toMatchObject({ active: true, state: 'unacked' });
    const activations = (await journal()).filter((l) => l.trigger === 'activated');
    expect(activations.map((l) => l.alarm)).toEqual([LEVEL, LEVEL, BAD]);
    // The device speaks again, below the limits: judged on the live value.
    await drive(30, 'the alarm returned', (a) => a?.state === 'rtnUnacked' && !a.frozen);
    expect(await alarm(BAD)).toMatchObject({ active: false, state: 'rtnUnacked' });
    const restored = (await journal()).filter((l) => l.trigger === 'restored').map((l) => l.alarm);
    expect(restored.sort()).toEqual([BAD, LEVEL].sort());
  });
  it('does not take its own clean stop for a loss of communication', async () => {
    await ws.call('devices.configure', { device: DEVICE, config: {}, baseVersion: 1 });
    await drive(95, 'HH on live values', (a) => a?.level === 'HH' && !a.frozen);
    const linesBefore = (await journal()).length;
    ws.close();
    await serving.stop();
    serving = await start();
    ws = await connectWs(serving.url);
    expect(await alarm(LEVEL)).toMatchObject({ level: 'HH', frozen: false });
    expect((await alarm(BAD))?.active ?? false).toBe(false);
    const since = (await journal()).slice(linesBefore).map((l) => `${l.alarm} ${l.trigger}`);
    expect(since.filter((line) => line.endsWith('frozen') || line.endsWith(`${BAD} activated`))).toEqual([]);
  });
});
