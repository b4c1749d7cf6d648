import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelBindingSchema, type ModelBindingInput } from '../../../../shared/modelBindings.js';
import { Quality } from '../../../../shared/quality.js';
import { inferenceHarness, type Harness } from '../../../helpers/inferenceHarness.js';
import { meanModel, reciprocalModel, slowModel, writeModel } from '../../../helpers/onnxModels.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';

const T0 = Date.UTC(2026, 5, 1, 12);

/** One input, one step, on each of its samples: the simplest way to drive a model from a test. */
const single = (
  id: string,
  model: string,
  output: string,
  extra: Partial<ModelBindingInput> = {},
): ModelBindingInput =>
  ({
    kind: 'onnx',
    id,
    model,
    inputs: [{ tag: `line1/pump1/${id}_in` }],
    window: { steps: 1, stepMs: 1000 },
    trigger: { kind: 'sample', tag: `line1/pump1/${id}_in` },
    outputs: [{ output, tag: `line1/pump1/${id}_out` }],
    ...extra,
  }) as ModelBindingInput;

describe('the inference service, when things go wrong', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let h: Harness | null = null;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(async () => {
    await h?.stop();
    h = null;
    dir.remove();
  });

  const models = () => `${dir.path}/models`;
  async function start(options: Omit<Parameters<typeof inferenceHarness>[0], 'dir'>) {
    h = await inferenceHarness({ dir: dir.path, ...options });
    return h;
  }

  it('refuses a binding whose window does not fit the model, saying what the model expects', async () => {
    writeModel(models(), 'mean.onnx', meanModel(60, 3));
    const h = await start({
      stored: [
        single('a', 'mean.onnx', 'mean', {
          window: { steps: 30, stepMs: 1000 },
        } as Partial<ModelBindingInput>),
      ],
    });
    expect(h.service.status('a')).toMatchObject({
      state: 'error',
      message:
        'does not fit mean.onnx: input "window" has shape [N, 60, 3] but the binding gives 30 steps per window; input "window" has shape [N, 60, 3] but the binding gives 1 inputs per window',
    });
    expect(h.tags.get('line1/pump1/a_out')).toMatchObject({
      value: null,
      quality: Quality.BadConfigurationError,
    });
  });

  it('names a missing output and one whose shape does not hold the mapped element', async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1));
    const h = await start({
      stored: [
        single('a', 'mean.onnx', 'score'),
        {
          ...single('b', 'mean.onnx', 'mean'),
          outputs: [{ output: 'mean', index: 3, tag: 'line1/pump1/b_out' }],
        } as ModelBindingInput,
      ],
    });
    expect(h.service.status('a')?.message).toBe(
      'does not fit mean.onnx: the model has no output "score" (its outputs: mean, last)',
    );
    expect(h.service.status('b')?.message).toBe(
      'does not fit mean.onnx: output "mean" has 1 value per window (shape [N, 1]); index 3 for line1/pump1/b_out is out of range',
    );
  });

  it('reports a corrupt model file, and recovers when a good file replaces it, without a restart', async () => {
    writeModel(models(), 'mean.onnx', Buffer.from('PK\u0003\u0004 not an onnx model at all'));
    const h = await start({ stored: [single('a', 'mean.onnx', 'mean')] });
    expect(h.service.status('a')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/^mean\.onnx: not a model onnxruntime can load/),
    });
    writeModel(models(), 'mean.onnx', meanModel(1, 1, 2));
    await waitFor(
      'the binding to start on the new file',
      () => h.service.status('a')?.message === 'waiting for its first window',
    );
    // After the bad outputs written at the failure, so the value is current.
    h.feed([{ tag: 'line1/pump1/a_in', ts: Date.now() + 1000, value: 21 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/a_out')).toMatchObject({ value: 42, quality: Quality.Good });
  });

  it('takes a replaced model file into use while running', async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1, 1));
    const h = await start({ stored: [single('a', 'mean.onnx', 'mean')] });
    h.feed([{ tag: 'line1/pump1/a_in', ts: T0, value: 5 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/a_out')?.value).toBe(5);
    writeModel(models(), 'mean.onnx', meanModel(1, 1, 10));
    await waitFor('the new model', async () => {
      h.feed([{ tag: 'line1/pump1/a_in', ts: Date.now(), value: 5 }]);
      await h.idle();
      return h.tags.get('line1/pump1/a_out')?.value === 50;
    });
    expect(h.log.lines.join('\n')).toMatch(/model file mean\.onnx changed: restarting binding a/);
  });

  it('writes NaN and infinite outputs as bad and says so, and treats NaN inputs as missing', async () => {
    writeModel(models(), 'reciprocal.onnx', reciprocalModel());
    const h = await start({ stored: [single('r', 'reciprocal.onnx', 'y')] });
    h.feed([{ tag: 'line1/pump1/r_in', ts: T0, value: 4 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/r_out')).toMatchObject({ value: 0.25, quality: Quality.Good });
    h.feed([{ tag: 'line1/pump1/r_in', ts: T0 + 1000, value: 0 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/r_out')).toMatchObject({ value: null, quality: Quality.BadOutOfRange });
    expect(h.service.status('r')).toMatchObject({ state: 'running', message: 'output "y" was Infinity' });
    expect(h.service.status('r')?.stats.errors).toBe(1);
    h.feed([{ tag: 'line1/pump1/r_in', ts: T0 + 2000, value: Number.NaN }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/r_out')).toMatchObject({ value: null, quality: Quality.BadOutOfRange });
    expect(h.service.status('r')?.message).toBe('outputs marked bad: line1/pump1/r_in is NaN');
  });

  it('takes a model that runs for seconds out of service; the other models run on', async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1));
    // Loaded and warmed up (on zeros) within the limit; seconds per run on real data.
    writeModel(models(), 'slow.onnx', slowModel(200_000));
    const h = await start({
      runTimeoutMs: 300,
      stored: [single('fast', 'mean.onnx', 'mean'), single('slow', 'slow.onnx', 'y')],
    });
    expect(h.service.status('slow')?.state).toBe('waiting');
    h.feed([
      { tag: 'line1/pump1/slow_in', ts: T0, value: 1 },
      { tag: 'line1/pump1/fast_in', ts: T0, value: 7 },
    ]);
    await h.idle();
    expect(h.service.status('slow')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(
        /a run took longer than the limit .*out of service until saved or enabled again/,
      ),
    });
    expect(h.tags.get('line1/pump1/slow_out')).toMatchObject({
      value: null,
      quality: Quality.BadDeviceFailure,
    });
    h.feed([
      { tag: 'line1/pump1/slow_in', ts: T0 + 1000, value: 1 },
      { tag: 'line1/pump1/fast_in', ts: T0 + 1000, value: 8 },
    ]);
    await h.idle();
    expect(h.tags.get('line1/pump1/fast_out')).toMatchObject({ value: 8, quality: Quality.Good });
    expect(h.service.runtime.restarts).toBe(1);
    expect(h.service.status('fast')?.state).toBe('running');
  });

  it('takes out the bindings whose live run was in flight when the host was killed, and runs on', async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1));
    writeModel(models(), 'slow.onnx', slowModel(200_000));
    const h = await start({
      runTimeoutMs: 60_000,
      stored: [single('fast', 'mean.onnx', 'mean'), single('slow', 'slow.onnx', 'y')],
    });
    h.feed([{ tag: 'line1/pump1/slow_in', ts: T0, value: 1 }]);
    const running = await waitFor('the slow run under way', () => h.worker.liveRunInFlight() ?? undefined);
    const first = h.worker.hostPid!;
    process.kill(first, 'SIGKILL');
    await waitFor('the slow binding out of service', () =>
      h.service.status('slow')?.state === 'error' ? true : undefined,
    );
    expect(running.handles).toHaveLength(1);
    expect(h.service.status('slow')?.message).toMatch(
      /a run failed: .*SIGKILL.*; out of service until saved or enabled again/,
    );
    expect(h.tags.get('line1/pump1/slow_out')).toMatchObject({
      value: null,
      quality: Quality.BadDeviceFailure,
    });
    await waitFor('a new host', () => h.worker.hostPid !== undefined && h.worker.hostPid !== first);
    h.feed([{ tag: 'line1/pump1/fast_in', ts: T0 + 1000, value: 5 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/fast_out')).toMatchObject({ value: 5, quality: Quality.Good });
    expect(h.service.status('fast')?.state).toBe('running');
  });

  it('gives a replaced host its bindings and their windows again, from the historian', async () => {
    writeModel(models(), 'mean.onnx', meanModel(3, 1));
    const h = await start({
      stored: [
        { ...single('a', 'mean.onnx', 'mean'), window: { steps: 3, stepMs: 5000 } } as ModelBindingInput,
      ],
    });
    // Near the clock: a host's windows are filled with the history of the last window's span.
    const t0 = Math.floor(Date.now() / 5000) * 5000 - 10_000;
    for (let s = 0; s < 3; s++) {
      h.feed([{ tag: 'line1/pump1/a_in', ts: t0 + s * 5000, value: s + 1 }]);
      await h.idle();
    }
    expect(h.tags.get('line1/pump1/a_out')).toMatchObject({ value: 2, quality: Quality.Good });
    const first = h.worker.hostPid!;
    process.kill(first, 'SIGKILL');
    await waitFor('a new host', () => h.worker.hostPid !== undefined && h.worker.hostPid !== first);
    // The new host's next window holds 2 and 3 from history, 7 from the live stream.
    h.feed([{ tag: 'line1/pump1/a_in', ts: t0 + 15_000, value: 7 }]);
    await h.idle();
    expect(h.tags.get('line1/pump1/a_out')).toMatchObject({
      value: 4,
      quality: Quality.Good,
      ts: t0 + 15_000,
    });
    expect(h.service.runtime.restarts).toBe(1);
    expect(h.service.status('a')).toMatchObject({ state: 'running', message: null });
  });

  it('reports a runtime that cannot load; the built-in z-score detector runs on', async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1));
    const h = await start({
      runtimeModule: 'onnxruntime-node-that-is-not-installed',
      stored: [
        single('a', 'mean.onnx', 'mean'),
        {
          kind: 'zscore',
          id: 'z',
          tag: 'line1/pump1/flow',
          samples: 3,
          score: { tag: 'line1/pump1/flow_z' },
        },
      ],
    });
    expect(h.service.runtime).toMatchObject({
      state: 'unavailable',
      error: expect.stringMatching(/onnxruntime could not be loaded/),
    });
    expect(h.service.status('a')).toMatchObject({
      state: 'error',
      message: expect.stringMatching(/onnxruntime could not be loaded/),
    });
    for (const [s, v] of [1, 2, 1, 5].entries())
      h.feed([{ tag: 'line1/pump1/flow', ts: T0 + s * 1000, value: v }]);
    expect(h.tags.get('line1/pump1/flow_z')?.value).toBeCloseTo((5 - 4 / 3) / Math.sqrt(1 / 3), 6);
    expect(h.log.lines.join('\n')).toMatch(/models stay off, everything else runs on/);
  });

  it("never writes over a device's measured tag or another binding's output", async () => {
    writeModel(models(), 'mean.onnx', meanModel(1, 1));
    const h = await start({
      stored: [
        single('b', 'mean.onnx', 'mean'),
        {
          ...single('c', 'mean.onnx', 'mean'),
          outputs: [{ output: 'mean', tag: 'line1/pump1/b_out' }],
        } as ModelBindingInput,
      ],
    });
    h.feed([{ tag: 'line1/pump1/b_in', ts: T0, value: 3 }]);
    const onMeasured = {
      ...single('a', 'mean.onnx', 'mean'),
      outputs: [{ output: 'mean', tag: 'line1/pump1/b_in' }],
    };
    h.service.install(ModelBindingSchema.parse(onMeasured), 1, 'stored');
    await h.idle();
    expect(h.service.status('a')).toMatchObject({
      state: 'error',
      message: 'cannot write its outputs: line1/pump1/b_in is a tag of line1/pump1',
    });
    expect(h.service.status('c')).toMatchObject({
      state: 'error',
      message: 'cannot write its outputs: line1/pump1/b_out is written by binding b',
    });
    expect(h.tags.get('line1/pump1/b_in')).toMatchObject({ device: 'line1/pump1', value: 3 });
  });

  it('reports a binding whose model file is missing, then starts it when the file arrives', async () => {
    const h = await start({ stored: [single('a', 'later.onnx', 'mean')] });
    expect(h.service.status('a')?.message).toMatch(
      /model file later\.onnx is neither in .*models nor among the shipped models/,
    );
    writeModel(models(), 'later.onnx', meanModel(1, 1));
    await waitFor(
      'the binding to start',
      () => h.service.status('a')?.message === 'waiting for its first window',
    );
  });
});
