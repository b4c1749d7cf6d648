import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { startServing, type Serving } from '../../electron/serve.js';
import { classifierModel, meanModel } from '../helpers/onnxModels.js';
import { as, startModelsApi } from '../helpers/modelsApi.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { connectWs } from '../helpers/wsClient.js';

/**
 * `POST /api/models/{file}`: a user's model into the data folder, over the real serve mode and
 * onnxruntime. A good file is loaded, then put in place; every refusal leaves the folder as it was.
 */
describe('the model upload endpoint', () => {
  let serving: Serving;
  const dir = makeTempDir();
  const modelsDir = join(dir.path, 'models');

  const upload = async (file: string, body: Uint8Array, headers: Record<string, string> = {}) => {
    const response = await fetch(`${serving.url}/api/models/${file}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', ...headers },
      body: Buffer.from(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const message = (body: Record<string, unknown>) => String(body.message);

  beforeAll(async () => {
    serving = await startServing({
      runtime: { dataDir: dir.path, brokerUrl: null, demo: false, embeddedBrokerPort: 0 },
      port: 0,
      log: createMemoryLogger(),
    });
  });

  afterAll(async () => {
    await serving?.stop();
    dir.remove();
  });

  it("takes a classifier, answers its signature, and lists it among the data folder's models", async () => {
    const bytes = classifierModel(3);
    const answer = await upload('classifier.onnx', bytes);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      file: { file: 'classifier.onnx', source: 'data', bytes: bytes.length },
      signature: {
        inputs: [{ name: 'features', type: 'float32', shape: [1, 3] }],
        outputs: [{ name: 'probabilities', type: 'float32', shape: [1, 2] }],
      },
    });
    expect(readFileSync(join(modelsDir, 'classifier.onnx')).equals(Buffer.from(bytes))).toBe(true);
    const ws = await connectWs(serving.url);
    const listed = (await ws.call('models.list', {})) as { ok: true; result: { files: { file: string }[] } };
    ws.close();
    expect(listed.result.files.map((f) => f.file)).toContain('classifier.onnx');
  });

  it('refuses a corrupt file with the reason and replaces nothing', async () => {
    const before = readFileSync(join(modelsDir, 'classifier.onnx'));
    const corrupt = new TextEncoder().encode('this is not a protobuf ModelProto at all');
    const answer = await upload('classifier.onnx', corrupt);
    expect(answer.status).toBe(400);
    expect(message(answer.body)).toMatch(/^classifier\.onnx is not a model onnxruntime can load: /);
    expect(readFileSync(join(modelsDir, 'classifier.onnx')).equals(before)).toBe(true);
    // Nor is anything left behind: no temporary file, no new model.
    expect(readdirSync(modelsDir)).toEqual(['classifier.onnx']);
  });

  it('replaces a model with a good new version of it', async () => {
    const mean = meanModel(4, 2);
    const answer = await upload('classifier.onnx', mean);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ signature: { inputs: [{ name: 'window', shape: ['N', 4, 2] }] } });
  });

  it('refuses names that are not a plain .onnx file name, and empty files', async () => {
    for (const name of ['model.txt', '..%2Fescape.onnx', 'sub%2Fdir.onnx', '.hidden.onnx', '%E0%A4%A.onnx']) {
      const answer = await upload(name, classifierModel(2));
      expect(answer.status, name).toBe(400);
    }
    expect((await upload('empty.onnx', new Uint8Array(0))).status).toBe(400);
    expect(existsSync(join(dir.path, 'escape.onnx'))).toBe(false);
    expect(readdirSync(modelsDir)).toEqual(['classifier.onnx']);
  });

  it('takes only octet-stream bodies, by POST, from its own origin', async () => {
    expect((await upload('a.onnx', classifierModel(2), { 'Content-Type': 'application/json' })).status).toBe(
      415,
    );
    const foreign = await upload('a.onnx', classifierModel(2), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const get = await fetch(`${serving.url}/api/models/a.onnx`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(readdirSync(modelsDir)).toEqual(['classifier.onnx']);
  });

  it('refuses a body larger than 64 MiB as soon as it says so', async () => {
    const url = new URL(`${serving.url}/api/models/huge.onnx`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(65 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toBe(413);
    expect(readdirSync(modelsDir)).toEqual(['classifier.onnx']);
  });
});

describe('models.importFile', () => {
  it('is for engineers only', async () => {
    const dir = makeTempDir();
    const api = await startModelsApi(dir.path);
    try {
      const params = { file: 'mine.onnx', data: classifierModel(2) };
      const viewer = await api.call('models.importFile', params, as('vic', 'viewer'));
      expect(viewer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const engineer = await api.call('models.importFile', params);
      expect(engineer).toMatchObject({ ok: true, result: { file: { file: 'mine.onnx' } } });
    } finally {
      await api.stop();
      dir.remove();
    }
  });
});
