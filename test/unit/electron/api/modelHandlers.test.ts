import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelBindingInput } from '../../../../shared/modelBindings.js';
import type { ModelStatus, TestRunResult } from '../../../../shared/models.js';
import { Quality } from '../../../../shared/quality.js';
import { as, startModelsApi } from '../../../helpers/modelsApi.js';
import { meanModel, writeModel } from '../../../helpers/onnxModels.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const viewer = as('vic', 'viewer');

const binding = (gain = 'mean.onnx'): ModelBindingInput => ({
  kind: 'onnx',
  id: 'pump3-mean',
  model: gain,
  inputs: [{ tag: 'line1/pump3/flow', normalise: { kind: 'minMax', min: 0, max: 100 } }],
  window: { steps: 3, stepMs: 1000 },
  missing: 'skip',
  trigger: { kind: 'sample', tag: 'line1/pump3/flow' },
  outputs: [{ output: 'mean', tag: 'line1/pump3/flow_mean', engLow: 0, engHigh: 1 }],
});

/**
 * models.* through the real dispatcher, config.db worker, historian worker, ingest and
 * inference worker: roles, checks against the model, versions, enable/disable, test runs.
 */
describe('model bindings through the API', () => {
  const dir = makeTempDir();
  let api: Awaited<ReturnType<typeof startModelsApi>>;
  const call = (method: string, params: unknown, context?: ReturnType<typeof as>) =>
    api.call(method, params, context);
  const result = <T>(envelope: Parameters<typeof api.result>[0]) => api.result<T>(envelope);
  const T0 = Date.now() - 60_000;
  const feed = (s: number, value: number) =>
    api.feed('line1/pump3', [{ tag: 'line1/pump3/flow', ts: T0 + s * 1000, value }]);

  beforeAll(async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(3, 1));
    api = await startModelsApi(dir.path);
  });
  afterAll(async () => {
    await api.stop();
    dir.remove();
  });

  it("reads a model file's signature for anyone, and says which file is missing", async () => {
    expect(result(await call('models.getSignature', { file: 'mean.onnx' }, viewer))).toEqual({
      file: 'mean.onnx',
      inputs: [{ name: 'window', type: 'float32', shape: ['N', 3, 1] }],
      outputs: [
        { name: 'mean', type: 'float32', shape: ['N', 1] },
        { name: 'last', type: 'float32', shape: ['N', 1] },
      ],
    });
    expect(result(await call('models.getSignature', { file: 'pump_bearing.onnx' }, viewer))).toMatchObject({
      inputs: [{ name: 'window', shape: ['N', 60, 3] }],
    });
    expect(await call('models.getSignature', { file: 'nowhere.onnx' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/model file nowhere\.onnx is neither in/) },
    });
    expect(await call('models.getSignature', { file: '../etc/passwd.onnx' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('refuses a binding from a viewer, and one that does not fit its model, saying why', async () => {
    expect(await call('models.saveBinding', { binding: binding(), baseVersion: 0 }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const wrong = { ...binding(), window: { steps: 5, stepMs: 1000 } };
    expect(await call('models.saveBinding', { binding: wrong, baseVersion: 0 })).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'pump3-mean: input "window" has shape [N, 3, 1] but the binding gives 5 steps per window',
      },
    });
    expect(result<{ models: ModelStatus[] }>(await call('models.list', {}, viewer)).models).toEqual([]);
  });

  it('saves a binding as a version that runs at once, and refuses an edit of a stale version', async () => {
    const saved = result<ModelStatus>(
      await call('models.saveBinding', { binding: binding(), baseVersion: 0 }),
    );
    expect(saved).toMatchObject({ version: 1, source: 'stored', state: 'waiting' });
    for (let s = 0; s < 3; s++) feed(s, 10 * (s + 1));
    await api.inference.service.settled();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await api.inference.service.settled();
    expect(api.tags.get('line1/pump3/flow_mean')?.value).toBeCloseTo(0.2, 6);
    expect(await call('models.saveBinding', { binding: binding(), baseVersion: 0 })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const list = result<{
      runtime: { state: string };
      files: { file: string; source: string }[];
      models: ModelStatus[];
    }>(await call('models.list', {}, viewer));
    expect(list.runtime.state).toBe('ok');
    expect(list.files).toEqual([
      expect.objectContaining({ file: 'mean.onnx', source: 'data' }),
      expect.objectContaining({ file: 'pump_bearing.onnx', source: 'shipped' }),
    ]);
    expect(list.models).toEqual([
      expect.objectContaining({ state: 'running', stats: expect.objectContaining({ inferences: 1 }) }),
    ]);
  });

  it('disables and enables a binding as journaled versions; disabled outputs are out of service', async () => {
    expect(
      result<ModelStatus>(await call('models.setEnabled', { id: 'pump3-mean', enabled: false })),
    ).toMatchObject({
      version: 2,
      state: 'disabled',
    });
    expect(api.tags.get('line1/pump3/flow_mean')).toMatchObject({
      value: null,
      quality: Quality.BadOutOfService,
    });
    expect(
      result<ModelStatus>(await call('models.setEnabled', { id: 'pump3-mean', enabled: true })),
    ).toMatchObject({
      version: 3,
      state: 'waiting',
    });
    const { versions } = result<{
      versions: { version: number; changedBy: string; after: { enabled: boolean } }[];
    }>(await call('models.listBindingVersions', { id: 'pump3-mean' }, viewer));
    expect(versions.map((v) => [v.version, v.changedBy, v.after.enabled])).toEqual([
      [3, 'erin', true],
      [2, 'erin', false],
      [1, 'erin', true],
    ]);
  });

  it('test-runs a draft over history, outputs beside the inputs at each run time', async () => {
    await api.historian.flush();
    const draft = { ...binding(), id: 'draft', trigger: { kind: 'interval', everyMs: 1000 } };
    const run = result<TestRunResult>(
      await call('models.testRun', { binding: draft, from: T0, to: T0 + 2000 }),
    );
    // Clock-aligned run times, whole seconds within the period.
    expect(run.ts.length).toBeGreaterThanOrEqual(2);
    expect(run.ts.every((t) => t % 1000 === 0 && t >= T0 && t <= T0 + 2000)).toBe(true);
    expect(run.inputs.map((i) => [i.tag, i.value.length])).toEqual([['line1/pump3/flow', run.ts.length]]);
    expect(run.outputs.map((o) => [o.tag, o.value.length])).toEqual([
      ['line1/pump3/flow_mean', run.ts.length],
    ]);
    const exact = result<TestRunResult>(
      await call('models.testRun', {
        binding: { ...draft, trigger: { kind: 'sample', tag: 'line1/pump3/flow' } },
        from: T0,
        to: T0 + 2000,
      }),
    );
    expect(exact.ts).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(exact.inputs[0]!.value).toEqual([10, 20, 30]);
    expect(exact.outputs[0]!.value[2]).toBeCloseTo(0.2, 6);
    expect(exact.outputs[0]!.quality.slice(0, 2)).toEqual([Quality.Bad, Quality.Bad]);
    expect(await call('models.testRun', { binding: draft, from: T0 }, viewer)).toMatchObject({ ok: false });
  });

  it('deletes a binding, journaled, and its outputs turn out of service', async () => {
    expect(result(await call('models.deleteBinding', { id: 'pump3-mean', baseVersion: 3 }))).toEqual({
      id: 'pump3-mean',
      status: null,
    });
    expect(api.tags.get('line1/pump3/flow_mean')?.quality).toBe(Quality.BadOutOfService);
    const { versions } = result<{ versions: { after: unknown }[] }>(
      await call('models.listBindingVersions', { id: 'pump3-mean' }),
    );
    expect(versions[0]!.after).toBeNull();
  });
});
