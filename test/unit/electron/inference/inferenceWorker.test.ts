import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InferenceWorker } from '../../../../electron/inference/inferenceWorker.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { meanModel, slowModel, writeModel } from '../../../helpers/onnxModels.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { writeFileSync } from 'node:fs';
import { waitFor } from '../../../helpers/waitFor.js';

/** Whether a process with this id is still there (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One window of one value through the mean model loaded as `mean` (scaled as it was made). */
async function runMean(worker: InferenceWorker, value: number): Promise<number[]> {
  const reply = await worker.run({
    key: 'mean',
    input: 'window',
    data: Float32Array.from([value]),
    dims: [1, 1, 1],
    outputs: ['mean'],
    rows: 1,
    splitRows: false,
  });
  return [...reply.outputs.mean!.data];
}

describe('the inference process', () => {
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

  it('replaces a host stuck in a slow run, and the other models run on', async () => {
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

  it('kills a host whose run hangs, so the native run cannot reach this process, and starts another', async () => {
    const log = createMemoryLogger();
    worker = new InferenceWorker({ log, runTimeoutMs: 200 });
    await worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(1, 1)));
    await worker.load('slow', writeModel(dir.path, 'slow.onnx', slowModel(2_000_000)));
    const hung = worker.hostPid!;
    expect(alive(hung)).toBe(true);
    const data = (n: number) => new Float32Array(n).fill(1);
    await expect(
      worker.run({
        key: 'slow',
        input: 'x',
        data: data(1),
        dims: [1, 1],
        outputs: ['y'],
        rows: 1,
        splitRows: false,
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    // Killed in the middle of the native run, not left to finish it.
    await waitFor('the hung host to be gone', () => !alive(hung));
    await waitFor('a new host', () => worker!.hostPid !== undefined);
    expect(worker.hostPid).not.toBe(hung);
    expect(worker.runtime).toMatchObject({
      state: 'ok',
      restarts: 1,
      lastRestart: 'run of slow took longer than 200 ms',
    });
    expect(await runMean(worker, 1)).toEqual([1]);
  });

  it('leaves a stop signal to the app: a SIGINT or SIGTERM to the process group does not end the host', async () => {
    const log = createMemoryLogger();
    worker = new InferenceWorker({ log });
    await worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(1, 1, 3)));
    const host = worker.hostPid!;
    process.kill(host, 'SIGINT');
    process.kill(host, 'SIGTERM');
    expect(await runMean(worker, 1)).toEqual([3]);
    expect(worker.hostPid).toBe(host);
    expect(worker.runtime.restarts).toBe(0);
    await worker.stop();
    await waitFor('the host to be closed by its parent', () => !alive(host));
  });

  it('replaces a host that crashes, with its signal in the log and health, and loads its models again', async () => {
    const log = createMemoryLogger();
    const changes: number[] = [];
    worker = new InferenceWorker({ log, onRuntimeChange: (r) => changes.push(r.restarts) });
    await worker.load('mean', writeModel(dir.path, 'mean.onnx', meanModel(1, 1, 3)));
    const first = worker.hostPid!;
    process.kill(first, 'SIGKILL');
    await waitFor('the crash to be noticed', () => worker!.runtime.restarts === 1);
    expect(worker.runtime.lastRestart).toBe('inference process was killed by SIGKILL');
    expect(log.lines.join('\n')).toMatch(
      /inference process replaced: inference process was killed by SIGKILL/,
    );
    expect(changes).toContain(1);
    // Started again at once, with the model loaded, before any call asks for it.
    await waitFor('a new host', () => worker!.hostPid !== undefined && worker!.hostPid !== first);
    expect(await runMean(worker, 2)).toEqual([6]);
    // A second crash is survived the same way.
    process.kill(worker.hostPid!, 'SIGKILL');
    await waitFor('the second crash to be noticed', () => worker!.runtime.restarts === 2);
    expect(await runMean(worker, 1)).toEqual([3]);
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
