import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, HistoryResult, Tag } from '../../shared/domain.js';
import type { ModelStatus } from '../../shared/models.js';
import { Quality } from '../../shared/quality.js';
import { getJson } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { meanModel, writeModel } from '../helpers/onnxModels.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs, type WsClient } from '../helpers/wsClient.js';

/**
 * The demo plant over a real Mosquitto into the built `watchkeeper serve`, with models running
 * on it: the shipped bearing model bound to every demo pump by default, and a model of the
 * test's own saved over the WebSocket API — its outputs land in the historian as tags of
 * `models/<id>`, read back through the HTTP API like any tag.
 */
describe('models on the live demo plant', () => {
  let broker: MosquittoHandle;
  let serve: ServeProcess;
  let api: WsClient;
  const dir = makeTempDir('wk-inference-');

  beforeAll(async () => {
    writeModel(`${dir.path}/models`, 'mean5.onnx', meanModel(5, 1));
    broker = await startMosquitto();
    serve = await startServeProcess(['--data-dir', dir.path, '--broker', broker.url, '--demo']);
    api = await connectWs(serve.url);
  });

  afterAll(async () => {
    api?.close();
    await serve?.stop();
    await broker?.stop();
    dir.remove();
  });

  it('binds the shipped bearing model to each demo pump, reported in /api/health', async () => {
    const health = await waitFor('the bearing bindings to run', async () => {
      const body = await getJson<Health>(serve, '/api/health');
      const models = body.inference?.models ?? [];
      // Loaded, not just "loading": the inference process starts onnxruntime with the first model.
      return models.length === 4 &&
        models.every(
          (m) => m.state === 'running' || (m.state === 'waiting' && !m.message?.startsWith('loading')),
        )
        ? body
        : undefined;
    });
    expect(health.inference?.runtime).toMatchObject({ state: 'ok', version: expect.stringMatching(/^1\./) });
    expect(health.inference?.models.map((m) => m.id)).toEqual([
      'bearing-line1-pump1',
      'bearing-line2-pump2',
      'bearing-line3-pump3',
      'bearing-utilities-pump4',
    ]);
    const { tags } = await getJson<{ tags: Tag[] }>(serve, '/api/tags');
    expect(tags.find((t) => t.id === 'line1/pump1/anomaly_score')).toMatchObject({
      device: 'models/bearing-line1-pump1',
      engLow: 0,
      engHigh: 1,
    });
    const { devices } = await getJson<{ devices: { id: string; protocol: string }[] }>(serve, '/api/devices');
    expect(devices).toContainEqual(
      expect.objectContaining({ id: 'models/bearing-line1-pump1', protocol: 'model' }),
    );
  });

  it("stores a saved model's outputs in the historian as the simulator's values flow through it", async () => {
    const saved = await api.call('models.saveBinding', {
      baseVersion: 0,
      binding: {
        kind: 'onnx',
        id: 'pump1-vibration-mean',
        model: 'mean5.onnx',
        inputs: [{ tag: 'line1/pump1/vibration' }],
        window: { steps: 5, stepMs: 1000 },
        missing: 'holdLast',
        trigger: { kind: 'sample', tag: 'line1/pump1/vibration' },
        outputs: [
          { output: 'mean', tag: 'line1/pump1/vibration_mean', unit: 'mm/s', engLow: 0, engHigh: 25 },
        ],
      },
    });
    expect(saved).toMatchObject({ ok: true, result: { version: 1, source: 'stored' } });
    const from = Date.now();
    const history = await waitFor('good model outputs in the historian', async () => {
      const body = await getJson<HistoryResult>(
        serve,
        `/api/history?tag=line1/pump1/vibration_mean&from=${from}&to=${Date.now() + 1000}`,
      );
      return body.points.quality.filter((q) => q === Quality.Good).length >= 3 ? body : undefined;
    });
    const vibration = await getJson<HistoryResult>(
      serve,
      `/api/history?tag=line1/pump1/vibration&from=${from - 10_000}&to=${Date.now()}`,
    );
    // Each output is the mean of the five seconds of vibration before it.
    const i = history.points.quality.lastIndexOf(Quality.Good);
    const end = history.points.ts[i]!;
    const window = [4, 3, 2, 1, 0].map((k) => {
      const t = end - k * 1000;
      const j = vibration.points.ts.findLastIndex((ts) => ts <= t);
      return vibration.points.value[j]!;
    });
    expect(history.points.value[i]).toBeCloseTo(window.reduce((a, b) => a + b, 0) / 5, 4);
    const { result } = (await api.call('models.list', {})) as { result: { models: ModelStatus[] } };
    expect(result.models.find((m) => m.binding.id === 'pump1-vibration-mean')).toMatchObject({
      state: 'running',
      stats: { errors: 0 },
    });
  });
});
