import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import type { Alarm, AlarmActionResult, AlarmJournalEntry } from '../../shared/alarms.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs } from '../helpers/wsClient.js';

const FLOW = 'line4/pump2/flow';
const LEVEL = `${FLOW}#level`;
/** The alarm's path: the id's slashes may stay, its `#` must be percent-encoded. */
const PATH = `/api/alarms/${FLOW}%23level`;

/**
 * The alarm write actions over HTTP, end to end: a JSON device raises a real alarm over a real
 * Mosquitto, a script acts on it with POSTs, and the engine's answers, the list and the journal
 * (in the real config.db, exported as CSV) show who did what — the serve mode's local operator.
 */
describe('alarm actions over HTTP', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let device: MqttClient;
  const dir = makeTempDir();
  const startedAt = Date.now();

  const post = async (path: string, body: unknown) => {
    const response = await fetch(serving.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const listed = async () =>
    ((await (await fetch(`${serving.url}/api/alarms`)).json()) as { alarms: Alarm[] }).alarms.find(
      (a) => a.id === LEVEL,
    );

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-alarm-http' },
      port: 0,
      log: createMemoryLogger(),
    });
    device = await mqtt.connectAsync(broker.url, { clientId: 'alarm-http-device' });
    const publish = (value: number) =>
      device.publishAsync(`factory/${FLOW}`, JSON.stringify({ value }), { qos: 1 });
    const ws = await connectWs(serving.url);
    await waitFor('the tag', async () => {
      await publish(10);
      return serving.runtime.tags.get(FLOW) !== undefined;
    });
    const configured = await ws.call('tags.configure', {
      tag: FLOW,
      config: {
        engRange: { low: 0, high: 100 },
        alarms: [{ kind: 'H', value: 50, deadband: 2, priority: 'medium', message: 'Pump 2 flow high' }],
      },
      baseVersion: 0,
    });
    ws.close();
    expect(configured).toMatchObject({ ok: true });
    await waitFor('the H alarm', async () => {
      await publish(60);
      return (await listed())?.state === 'unacked';
    });
  });

  afterAll(async () => {
    await device?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('lists the active alarm with the counts for the banner', async () => {
    const body = (await (await fetch(`${serving.url}/api/alarms`)).json()) as {
      alarms: Alarm[];
      counts: Record<string, { unacked: number; total: number }>;
    };
    expect(body.alarms.find((a) => a.id === LEVEL)).toMatchObject({
      state: 'unacked',
      priority: 'medium',
      message: 'Pump 2 flow high',
      value: 60,
    });
    expect(body.counts.medium).toEqual({ unacked: 1, total: 1 });
  });

  it('acknowledges with a comment as the local operator, and refuses a second acknowledgement (409)', async () => {
    const acked = await post(`${PATH}/ack`, { comment: 'field operator on the way' });
    expect(acked.status).toBe(200);
    const [result] = (acked.body as unknown as AlarmActionResult).results;
    expect(result).toMatchObject({
      id: LEVEL,
      ok: true,
      alarm: {
        state: 'acked',
        acknowledgedBy: { user: 'local operator', comment: 'field operator on the way' },
      },
    });
    expect((await listed())?.acknowledged).toBe(true);
    expect(await post(`${PATH}/ack`, {})).toEqual({
      status: 409,
      body: { code: 'CONFLICT', message: `${LEVEL} is already acknowledged (ALREADY_ACKED)` },
    });
  });

  it('answers 404 for an alarm that does not exist', async () => {
    const response = await post('/api/alarms/line4/pump9/flow%23level/ack', { comment: '' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("shelves within the priority's maximum only, then unshelves", async () => {
    const tooLong = await post(`${PATH}/shelve`, { mode: 'timed', durationMs: 2 * 86_400_000, reason: 'x' });
    expect(tooLong).toEqual({
      status: 400,
      body: {
        code: 'BAD_REQUEST',
        message: 'medium alarms may be shelved for at most 1 d (SHELVING_TIME_OUT_OF_RANGE)',
      },
    });
    const shelved = await post(`${PATH}/shelve`, {
      mode: 'timed',
      durationMs: 3_600_000,
      reason: 'sensor check',
    });
    expect(shelved.status).toBe(200);
    expect((await listed())?.shelved).toMatchObject({
      mode: 'timed',
      user: 'local operator',
      comment: 'sensor check',
    });
    expect((await post(`${PATH}/shelve`, { mode: 'oneShot', reason: 'again' })).status).toBe(409);
    expect((await post(`${PATH}/unshelve`, { comment: 'checked' })).status).toBe(200);
    expect((await listed())?.shelved).toBeNull();
  });

  it('takes out of service and back, adds a note, and refuses to reset an alarm that is not latched', async () => {
    expect((await post(`${PATH}/out-of-service`, { reason: '' })).status).toBe(400);
    expect((await post(`${PATH}/out-of-service`, { reason: 'pump under maintenance' })).status).toBe(200);
    expect((await listed())?.outOfService).toMatchObject({ comment: 'pump under maintenance' });
    expect((await post(`${PATH}/return-to-service`, {})).status).toBe(200);
    expect((await post(`${PATH}/note`, { comment: 'flow meter recalibrated' })).status).toBe(200);
    const reset = await post(`${PATH}/reset`, {});
    expect(reset.status).toBe(409);
    expect(reset.body.message).toMatch(/not latched \(NOT_LATCHED\)$/);
  });

  it('acts on a list of alarms, answering each one', async () => {
    const response = await post('/api/alarms/note', { id: LEVEL, comment: 'end of shift' });
    expect(response.status).toBe(200);
    const many = await post('/api/alarms/ack', { ids: [LEVEL, 'line4/pump9/flow#level'], comment: '' });
    expect(many.status).toBe(200);
    expect((many.body as unknown as AlarmActionResult).results.map((r) => (r.ok ? 'ok' : r.code))).toEqual([
      'ok',
      'NOT_FOUND',
    ]);
  });

  it('journals every action with who and why, as the journal endpoint and its CSV export show', async () => {
    const to = Date.now() + 1_000;
    const response = await fetch(
      `${serving.url}/api/alarms/journal?from=${startedAt}&to=${to}&user=local%20operator&tag=${FLOW}`,
    );
    const { entries } = (await response.json()) as { entries: AlarmJournalEntry[] };
    expect(
      entries
        .reverse()
        .filter((e) => e.trigger !== 'cleared' && e.trigger !== 'activated')
        .map((e) => [e.trigger, e.comment]),
    ).toEqual([
      ['acknowledged', 'field operator on the way'],
      ['shelved', 'sensor check'],
      ['unshelved', 'checked'],
      ['outOfService', 'pump under maintenance'],
      ['returnedToService', ''],
      ['note', 'flow meter recalibrated'],
      ['note', 'end of shift'],
      ['acknowledged', ''],
    ]);
    const csv = await (
      await fetch(`${serving.url}/api/export/alarms.csv?from=${startedAt}&to=${to}&trigger=acknowledged`)
    ).text();
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain(',unacked,acked,acknowledged,local operator,');
    expect(rows[0]).toContain(',field operator on the way,');
  });
});
