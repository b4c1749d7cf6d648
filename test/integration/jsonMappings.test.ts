import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, Tag } from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';
import { getJson } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs, type WsClient } from '../helpers/wsClient.js';

const run = promisify(execFile);

/**
 * A site's own nested JSON through a rule saved over the API, into `watchkeeper serve`: published
 * by the real `mosquitto_pub` to a real Mosquitto, read back through the HTTP API. Messages are
 * retained, so each reaches the app whenever its subscription (which follows the saved rule) is
 * in place, with no timing guessed.
 */
describe('JSON mapping rules against a real broker', () => {
  let broker: MosquittoHandle;
  let serve: ServeProcess;
  let api: WsClient;
  const dir = makeTempDir('wk-jsonmap-');

  const publish = (topic: string, payload: string | { file: string }, retain = true) =>
    run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      topic,
      ...(retain ? ['-r'] : []),
      ...(typeof payload === 'string' ? ['-m', payload] : ['-f', payload.file]),
    ]);
  const tag = async (id: string) =>
    (await getJson<{ tags: Tag[] }>(serve, '/api/tags')).tags.find((t) => t.id === id);

  beforeAll(async () => {
    broker = await startMosquitto();
    serve = await startServeProcess(['--data-dir', dir.path, '--broker', broker.url, '--no-demo']);
    api = await connectWs(serve.url);
  });

  afterAll(async () => {
    api?.close();
    await serve?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('reads nested objects and named arrays through a saved rule, with their quality and time', async () => {
    const saved = await api.call('mappings.save', {
      position: 0,
      rule: {
        name: 'gateway telemetry',
        topic: 'site/{area}/{device}/telemetry',
        staleAfterMs: 120_000,
        points: [
          {
            value: '$.readings[*].v',
            tag: '{$.readings[*].id}',
            unit: '{$.readings[*].u}',
            timestamp: { path: '$.readings[*].t', format: 'epoch_s' },
            quality: { path: '$.readings[*].status', map: { OK: 'good', CHECK: 'uncertain', FAULT: 'bad' } },
          },
          { value: '$.env.temperature.value', tag: 'ambient', unit: '°C', timestamp: { path: '$.env.at' } },
        ],
      },
    });
    expect(saved).toMatchObject({
      ok: true,
      result: { name: 'gateway telemetry', savedBy: 'local operator' },
    });
    const t = Math.floor(Date.now() / 1000) - 60;
    const at = new Date((t + 30) * 1000).toISOString();
    await publish(
      'site/north/gw7/telemetry',
      JSON.stringify({
        readings: [
          { id: 'flow', v: 12.5, u: 'm3/h', t, status: 'OK' },
          { id: 'pressure', v: 4.25, u: 'bar', t: t + 1, status: 'CHECK' },
          { id: 'valve', v: 0, u: '', t: t + 2, status: 'FAULT' },
        ],
        env: { temperature: { value: 21.5 }, at },
      }),
    );
    const ambient = await waitFor('the nested value to arrive', () => tag('north/gw7/ambient'));
    expect(ambient).toMatchObject({ value: 21.5, unit: '°C', quality: Quality.Good, ts: (t + 30) * 1000 });
    expect(await tag('north/gw7/flow')).toMatchObject({
      value: 12.5,
      unit: 'm3/h',
      quality: Quality.Good,
      ts: t * 1000,
    });
    expect(await tag('north/gw7/pressure')).toMatchObject({
      value: 4.25,
      quality: Quality.Uncertain,
      ts: (t + 1) * 1000,
    });
    expect(await tag('north/gw7/valve')).toMatchObject({ value: 0, quality: Quality.BadSensorFailure });
    const history = await waitFor('the historian to hold the flow', async () => {
      const h = await getJson<{ points: { ts: number[]; value: number[] } }>(
        serve,
        `/api/history?tag=north/gw7/flow&from=${(t - 10) * 1000}&to=${Date.now() + 1000}`,
      );
      return h.points.ts.length > 0 ? h.points : undefined;
    });
    expect(history).toMatchObject({ ts: [t * 1000], value: [12.5] });
  });

  it('counts bad input per cause in health and keeps ingesting', async () => {
    const huge = join(dir.path, 'huge.json');
    writeFileSync(huge, `{"readings":[${'{"id":"x","v":1},'.repeat(700_000)}{"id":"y","v":2}]}`);
    await publish('site/north/gw8/telemetry', { file: huge }, false);
    await publish('site/north/gw8/telemetry', '[1,2,3]', false);
    await publish('site/north/gw8/telemetry', '{"readings": "none"}', false);
    await publish(
      'site/north/gw8/telemetry',
      JSON.stringify({
        readings: [
          { id: 'bad#name', v: 1 },
          { id: { x: 1 }, v: 2 },
        ],
      }),
      false,
    );
    await publish('site/north/gw8/telemetry', JSON.stringify({ readings: [{ id: 'level', v: 77 }] }), false);
    const health = await waitFor('every bad message to be counted and the good one read', async () => {
      const h = await getJson<Health>(serve, '/api/health');
      return (await tag('north/gw8/level'))?.value === 77 && h.ingest.errors['json.name_sanitised']
        ? h
        : undefined;
    });
    expect(health.ingest.errors).toMatchObject({
      'json.too_large': 1,
      'json.not_object': 1,
      // The 12 MB message is refused before it is parsed, so only "none" is read and found empty.
      'json.path_no_match': 1,
      'json.name_sanitised': 1,
      'json.no_tag_name': 1,
    });
    expect(await tag('north/gw8/bad_name')).toMatchObject({ value: 1 });
    expect(health.broker.state).toBe('connected');
  });

  it('refuses a bad rule with what is wrong, and captures what no rule matches after a delete', async () => {
    expect(await api.call('mappings.save', { rule: { name: 'x', topic: 'a/#/b', points: [] } })).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message:
          'mappings.save: rule.topic: "#" may only be the last level; rule.points: a rule needs at least one point',
      },
    });
    const list = (await api.call('mappings.list', {})) as {
      result: { rules: { id: string; name: string }[] };
    };
    const gateway = list.result.rules.find((rule) => rule.name === 'gateway telemetry')!;
    expect(await api.call('mappings.delete', { id: gateway.id })).toEqual({
      ok: true,
      result: { id: gateway.id },
    });
    expect(await api.call('mappings.setFallback', { action: 'capture', filter: 'site/#' })).toMatchObject({
      ok: true,
    });
    const captured = await waitFor('the retained message to be captured as unmapped', async () => {
      const now = (await api.call('mappings.list', {})) as {
        result: { unmapped: { topic: string; payload: string }[] };
      };
      return now.result.unmapped.find((entry) => entry.topic === 'site/north/gw7/telemetry');
    });
    expect(JSON.parse(captured.payload)).toMatchObject({ env: { temperature: { value: 21.5 } } });
  });
});
