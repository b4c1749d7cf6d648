import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../../../electron/inference/inferenceWorker.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { meanModel, slowModel, writeModel } from '../../../helpers/onnxModels.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { writeFileSync } from 'node:fs';

describe('the inference worker', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let worker: InferenceWorker | null = null;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    dir.remove();
  });

  it('loads a model file in a real onnxruntime session and reads its signature', async () => {
    worker = new InferenceWorker({ log: createMemoryLogger() });
    expect(worker.runtime.state).toBe('idle');
    const signature = await worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(3, 2)));
    expect(signature.inputs).toEqual([{ name: 'window', type: 'float32', shape: ['N', 3, 2] }]);
    expect(signature.outputs.map((o) => o.name)).toEqual(['mean', 'last']);
    expect(worker.runtime).toMatchObject({ state: 'ok', version: expect.stringMatching(/^1\./) });
    const reply = await worker.run({
      key: 'mean',
      input: 'window',
      data: Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]),
      dims: [2, 3, 2],
      outputs: ['mean', 'last'],
      rows: 2,
      splitRows: false,
    });
    expect([...reply.outputs.mean!.data]).toEqual([2, 20, 5, 50]);
    expect([...reply.outputs.last!.data]).toEqual([3, 30, 6, 60]);
  });

  it('replaces a worker stuck in a slow run, and the other models run on', async () => {
    const log = createMemoryLogger();
    worker = new InferenceWorker({ log, runTimeoutMs: 300 });
    await worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(1, 1)));
    await worker.load('slow', writeModel(dir.path, 'slow.onnx', slowModel(200_000)));
    const run = (key: string, input: string, dims: number[]) =>
      worker!.run({
        key,
        input,
        data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(1),
        dims,
        outputs: [key === 'mean' ? 'mean' : 'y'],
        rows: 1,
        splitRows: false,
      });
    await expect(run('slow', 'x', [1, 1])).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(worker.runtime.restarts).toBe(1);
    const reply = await run('mean', 'window', [1, 1, 1]);
    expect([...reply.outputs.mean!.data]).toEqual([1]);
    await expect(run('slow', 'x', [1, 1])).rejects.toMatchObject({ code: 'NOT_LOADED' });
    expect(log.lines.join('\n')).toMatch(/inference process replaced: run of slow took longer than 300 ms/);
  });

  it('reports a runtime that cannot be loaded, and refuses models without crashing', async () => {
    const log = createMemoryLogger();
    worker = new InferenceWorker({ log, runtimeModule: 'onnxruntime-node-not-installed' });
    await expect(
      worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(1, 1))),
    ).rejects.toMatchObject({ code: 'RUNTIME_UNAVAILABLE' });
    expect(worker.runtime).toMatchObject({
      state: 'unavailable',
      error: expect.stringMatching(/onnxruntime could not be loaded/),
    });
  });

  it('refuses a corrupt file with a clear code', async () => {
    worker = new InferenceWorker({ log: createMemoryLogger() });
    const path = `${dir.path}/broken.onnx`;
    writeFileSync(path, 'this is not a model');
    await expect(worker.load('broken', path)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    await expect(worker.load('gone', `${dir.path}/gone.onnx`)).rejects.toMatchObject({
      code: 'MODEL_MISSING',
    });
  });
});
