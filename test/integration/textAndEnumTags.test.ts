import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSparkplug, type SparkplugPayload } from '../../electron/connectivity/sparkplug/codec.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { MAX_TEXT_LENGTH, type EventsResult, type Tag } from '../../shared/domain.js';
import { Quality, qualitySeverity } from '../../shared/quality.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';

/**
 * Enum and string tags end to end: a Sparkplug edge node and a JSON device publish through a real
 * Mosquitto, `watchkeeper serve`'s runtime ingests them, and the HTTP API answers what they said.
 */
describe('enum and string tags from the site broker', () => {
  let broker: MosquittoHandle;
  let serving: Serving;
  let device: mqtt.MqttClient;
  const dir = makeTempDir();
  const t0 = Date.now() - 60_000;

  const api = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(serving.url + path);
    return { status: response.status, body: (await response.json()) as T };
  };
  const tagsById = async () =>
    new Map((await api<{ tags: Tag[] }>('/api/tags')).body.tags.map((tag) => [tag.id, tag]));
  const sparkplug = (topic: string, payload: SparkplugPayload) =>
    device.publishAsync(topic, Buffer.from(encodeSparkplug(payload)));
  const json = (topic: string, body: unknown) => device.publishAsync(topic, JSON.stringify(body));

  beforeAll(async () => {
    broker = await startMosquitto();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-it-text' },
      port: 0,
      log: createMemoryLogger(),
    });
    await waitFor('the site link', () => serving.runtime.health().broker.state === 'connected');
    device = await mqtt.connectAsync(broker.url, { clientId: 'wk-it-text-device' });

    await sparkplug('spBv1.0/factory/NBIRTH/line1', {
      timestamp: t0,
      seq: 0,
      metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }],
    });
    await sparkplug('spBv1.0/factory/DBIRTH/line1/pump1', {
      timestamp: t0,
      seq: 1,
      metrics: [
        {
          name: 'state',
          alias: 1,
          type: 'Int32',
          value: 0,
          timestamp: t0,
          properties: { states: { type: 'String', value: '0=Stopped;1=Running;2=Tripped' } },
        },
        { name: 'batch', alias: 2, type: 'String', value: 'B100 oat base', timestamp: t0 },
      ],
    });
    await sparkplug('spBv1.0/factory/DDATA/line1/pump1', {
      seq: 2,
      metrics: [
        { alias: 1, type: 'Int32', value: 1, timestamp: t0 + 1000 },
        { alias: 2, type: 'String', value: 'B101 rye mash', timestamp: t0 + 1000 },
      ],
    });
    await sparkplug('spBv1.0/factory/DDATA/line1/pump1', {
      seq: 3,
      metrics: [
        { alias: 1, type: 'Int32', value: 2, timestamp: t0 + 2000 },
        { alias: 2, type: 'String', value: 'B101 rye mash', timestamp: t0 + 2000 },
      ],
    });
    await json('factory/line2/desk/operator_note', { value: 'Shift A: all well', ts: t0 });
    await json('factory/line2/desk/operator_note', { value: 'x'.repeat(3000), ts: t0 + 5000 });
    await json('factory/line2/desk/operator_note', { value: 17, ts: t0 + 6000 });
    await waitFor('every message to be ingested', async () => {
      const tags = await tagsById();
      return tags.get('line1/pump1/state')?.value === 2 &&
        tags.get('line2/desk/operator_note')?.quality === Quality.BadTypeMismatch
        ? true
        : undefined;
    });
    await serving.runtime.historian.flush();
  });

  afterAll(async () => {
    await device?.endAsync();
    await serving?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('lists an enum tag with its state table and a string tag with its text', async () => {
    const tags = await tagsById();
    expect(tags.get('line1/pump1/state')).toMatchObject({
      dataType: 'enum',
      value: 2,
      quality: Quality.Good,
      states: [
        { value: 0, label: 'Stopped' },
        { value: 1, label: 'Running' },
        { value: 2, label: 'Tripped' },
      ],
    });
    expect(tags.get('line1/pump1/batch')).toMatchObject({
      dataType: 'string',
      value: 'B101 rye mash',
      quality: Quality.Good,
    });
  });

  it('answers a string tag events over HTTP, a repeated text stored once', async () => {
    const from = new Date(t0 - 1000).toISOString();
    const { status, body } = await api<EventsResult>(
      `/api/events?tag=line1/pump1/batch&from=${from}&to=${t0 + 10_000}&order=oldest`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ tag: 'line1/pump1/batch', order: 'oldest', more: false });
    expect(body.events).toEqual([
      { ts: t0, text: 'B100 oat base', quality: Quality.Good },
      { ts: t0 + 1000, text: 'B101 rye mash', quality: Quality.Good },
    ]);
  });

  it('keeps the enum values as samples for trends', async () => {
    const { body } = await api<{ points: { ts: number[]; value: number[] } }>(
      `/api/history?tag=line1/pump1/state&from=${t0}&to=${t0 + 10_000}`,
    );
    expect(body.points.value).toEqual([0, 1, 2]);
  });

  it('stores a JSON text cut to 1,024 characters and flagged, and a number for it as bad', async () => {
    const { body } = await api<EventsResult>(
      `/api/events?tag=line2/desk/operator_note&from=${t0}&to=${t0 + 10_000}&limit=10`,
    );
    expect(body.events).toEqual([
      { ts: t0 + 6000, text: null, quality: Quality.BadTypeMismatch },
      { ts: t0 + 5000, text: 'x'.repeat(MAX_TEXT_LENGTH), quality: Quality.Uncertain },
      { ts: t0, text: 'Shift A: all well', quality: Quality.Good },
    ]);
    const health = serving.runtime.health();
    expect(health.ingest.errors).toMatchObject({ 'text.truncated': 1, 'json.value_not_text': 1 });
  });

  it.each([
    ['/api/events?tag=no/such/tag&from=0&to=5', 404, 'NOT_FOUND', /unknown tag: no\/such\/tag/],
    ['/api/events?tag=line1/pump1/batch&from=10&to=5', 400, 'BAD_REQUEST', /from must not be after to/],
    ['/api/events?tag=line1/pump1/batch&from=0&to=5&limit=10001', 400, 'BAD_REQUEST', /limit/],
    ['/api/events?tag=line1/pump1/batch&from=0&to=5&order=sideways', 400, 'BAD_REQUEST', /order/],
    ['/api/events?tag=line1/pump1/state&from=0&to=5', 400, 'BAD_REQUEST', /enum tag: events are kept/],
    ['/api/history?tag=line1/pump1/batch&from=0&to=5', 400, 'BAD_REQUEST', /use history.queryEvents/],
  ])('answers %s with %i', async (path, status, code, message) => {
    const response = await api<{ code: string; message: string }>(path);
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
    expect(response.body.message).toMatch(message);
  });

  it('keeps the events, the state table and the last text across a restart', async () => {
    await serving.stop();
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: broker.url, demo: false, clientId: 'wk-it-text' },
      port: 0,
      log: createMemoryLogger(),
    });
    const tags = await tagsById();
    expect(tags.get('line1/pump1/state')).toMatchObject({ dataType: 'enum', states: [{}, {}, {}] });
    // The last text comes back as last usable (stale, since the link went down as serve stopped).
    expect(tags.get('line1/pump1/batch')?.value).toBe('B101 rye mash');
    expect(qualitySeverity(tags.get('line1/pump1/batch')!.quality)).toBe('uncertain');
    const { body } = await api<EventsResult>(`/api/events?tag=line1/pump1/batch&from=0&to=${Date.now()}`);
    // Newest first: the stale marker written when the link went down, then the texts as sent.
    expect(body.events.map((event) => [event.text, qualitySeverity(event.quality)])).toEqual([
      ['B101 rye mash', 'uncertain'],
      ['B101 rye mash', 'good'],
      ['B100 oat base', 'good'],
    ]);
  });
});
