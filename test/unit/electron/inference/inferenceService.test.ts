import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelBindingInput } from '../../../../shared/modelBindings.js';
import { Quality } from '../../../../shared/quality.js';
import { inferenceHarness, type Harness } from '../../../helpers/inferenceHarness.js';
import { classifierModel, meanModel, writeModel } from '../../../helpers/onnxModels.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { waitFor } from '../../../helpers/waitFor.js';

const T0 = Date.UTC(2026, 5, 1, 12);

/** The mean of the last three seconds of flow and pressure, normalised, on each flow sample. */
const meanBinding = (overrides: Partial<ModelBindingInput> = {}): ModelBindingInput =>
  ({
    kind: 'onnx',
    id: 'pump1-mean',
    model: 'mean.onnx',
    inputs: [
      { tag: 'line1/pump1/flow', normalise: { kind: 'meanStd', mean: 10, std: 2 } },
      { tag: 'line1/pump1/pressure', normalise: { kind: 'minMax', min: 0, max: 10 } },
    ],
    window: { steps: 3, stepMs: 1000 },
    trigger: { kind: 'sample', tag: 'line1/pump1/flow' },
    outputs: [
      { output: 'mean', index: 0, tag: 'line1/pump1/flow_mean_z', unit: 'σ', engLow: -5, engHigh: 5 },
      { output: 'mean', index: 1, tag: 'line1/pump1/pressure_mean', engLow: 0, engHigh: 1 },
    ],
    ...overrides,
  }) as ModelBindingInput;

describe('the inference service', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let h: Harness | null = null;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(async () => {
    await h?.stop();
    h = null;
    dir.remove();
  });

  async function start(options: Omit<Parameters<typeof inferenceHarness>[0], 'dir'>) {
    h = await inferenceHarness({ dir: dir.path, ...options });
    return h;
  }

  it('runs a real model on a window of normalised inputs and writes its outputs as tags of models/<id>', async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(3, 2));
    const h = await start({ stored: [meanBinding()] });
    expect(h.service.status('pump1-mean')).toMatchObject({
      state: 'waiting',
      message: 'waiting for its first window',
    });
    for (let s = 0; s < 3; s++) {
      h.feed([
        { tag: 'line1/pump1/pressure', ts: T0 + s * 1000, value: 2 * (s + 1) },
        { tag: 'line1/pump1/flow', ts: T0 + s * 1000, value: 10 + 2 * s },
      ]);
      await h.idle();
    }
    // Flow 10, 12, 14 → z 0, 1, 2 → mean 1; pressure 2, 4, 6 of 0…10 → mean 0.4.
    expect(h.tags.get('line1/pump1/flow_mean_z')).toMatchObject({
      device: 'models/pump1-mean',
      unit: 'σ',
      engLow: -5,
      engHigh: 5,
      value: 1,
      quality: Quality.Good,
      ts: T0 + 2000,
    });
    expect(h.tags.get('line1/pump1/pressure_mean')?.value).toBeCloseTo(0.4, 6);
    expect(h.devices.get('models/pump1-mean')).toMatchObject({ protocol: 'model', online: true });
    // The first two windows lacked data: their outputs were written bad, waiting for initial data.
    expect(h.stored('line1/pump1/flow_mean_z').map((s) => s.quality)).toEqual([
      Quality.BadWaitingForInitialData,
      Quality.BadWaitingForInitialData,
      Quality.Good,
    ]);
    const status = h.service.status('pump1-mean')!;
    expect(status).toMatchObject({ state: 'running', message: null });
    expect(status.stats).toMatchObject({ inferences: 1, errors: 0, lastRunMs: expect.any(Number) });
    expect(status.stats.latencyP50Ms).toBeGreaterThan(0);
  });

  it('carries uncertain input quality into the outputs', async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(3, 2));
    const h = await start({ stored: [meanBinding()] });
    for (let s = 0; s < 3; s++) {
      h.feed([
        {
          tag: 'line1/pump1/pressure',
          ts: T0 + s * 1000,
          value: 5,
          quality: s === 1 ? Quality.UncertainLastUsableValue : Quality.Good,
        },
        { tag: 'line1/pump1/flow', ts: T0 + s * 1000, value: 10 },
      ]);
      await h.idle();
    }
    expect(h.tags.get('line1/pump1/flow_mean_z')).toMatchObject({
      value: 0,
      quality: Quality.UncertainLastUsableValue,
    });
  });

  it('batches the windows of several bindings of one model into one run', async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(1, 1));
    const binding = (n: number): ModelBindingInput => ({
      kind: 'onnx',
      id: `pump${n}`,
      model: 'mean.onnx',
      inputs: [{ tag: `line1/pump${n}/flow` }],
      window: { steps: 1, stepMs: 1000 },
      trigger: { kind: 'sample', tag: `line1/pump${n}/flow` },
      outputs: [{ output: 'mean', tag: `line1/pump${n}/flow_copy` }],
    });
    const h = await start({ stored: [binding(1), binding(2), binding(3)] });
    const before = h.runs.length;
    h.feed([1, 2, 3].map((n) => ({ tag: `line1/pump${n}/flow`, ts: T0, value: n * 10 })));
    await h.idle();
    expect(h.runs.length - before).toBe(1);
    expect(h.runs.at(-1)).toMatchObject({ rows: 3, dims: [3, 1, 1] });
    expect([1, 2, 3].map((n) => h.tags.get(`line1/pump${n}/flow_copy`)?.value)).toEqual([10, 20, 30]);
  });

  it('runs a classifier with a batch of one once per window, reading the second class', async () => {
    writeModel(`${dir.path}/models`, 'classifier.onnx', classifierModel(2));
    const binding = (n: number): ModelBindingInput => ({
      kind: 'onnx',
      id: `classify${n}`,
      model: 'classifier.onnx',
      inputs: [{ tag: `line1/pump${n}/a` }, { tag: `line1/pump${n}/b` }],
      window: { steps: 1, stepMs: 1000 },
      trigger: { kind: 'sample', tag: `line1/pump${n}/b` },
      outputs: [
        {
          output: 'probabilities',
          index: 1,
          tag: `line1/pump${n}/failure_probability`,
          engLow: 0,
          engHigh: 1,
        },
      ],
    });
    const h = await start({ stored: [binding(1), binding(2)] });
    h.feed([
      { tag: 'line1/pump1/a', ts: T0, value: 1 },
      { tag: 'line1/pump2/a', ts: T0, value: -1 },
      { tag: 'line1/pump1/b', ts: T0, value: 0 },
      { tag: 'line1/pump2/b', ts: T0, value: 0 },
    ]);
    await h.idle();
    const sigmoid2 = 1 / (1 + Math.exp(-2));
    expect(h.tags.get('line1/pump1/failure_probability')?.value).toBeCloseTo(sigmoid2, 5);
    expect(h.tags.get('line1/pump2/failure_probability')?.value).toBeCloseTo(1 - sigmoid2, 5);
    expect(h.runs.at(-1)).toMatchObject({ rows: 2, splitRows: true });
  });

  it('runs an interval binding on the clock by itself', async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(1, 1));
    const h = await start({
      stored: [
        {
          kind: 'onnx',
          id: 'ticker',
          model: 'mean.onnx',
          inputs: [{ tag: 'line1/pump1/flow' }],
          window: { steps: 1, stepMs: 100 },
          missing: 'holdLast',
          trigger: { kind: 'interval', everyMs: 200 },
          outputs: [{ output: 'last', tag: 'line1/pump1/flow_held' }],
        },
      ],
    });
    h.feed([{ tag: 'line1/pump1/flow', ts: Date.now(), value: 42 }]);
    const stored = await waitFor('three runs', () =>
      h.stored('line1/pump1/flow_held').filter((s) => s.value === 42).length >= 3 ? true : undefined,
    );
    expect(stored).toBe(true);
    const times = h.stored('line1/pump1/flow_held').map((s) => s.ts);
    expect(times.every((t) => t % 200 === 0)).toBe(true);
  });

  it('waits for tags that do not exist yet, then runs once they appear', async () => {
    writeModel(`${dir.path}/models`, 'mean.onnx', meanModel(3, 2));
    const h = await start({ stored: [meanBinding({ missing: 'skip' } as Partial<ModelBindingInput>)] });
    expect(h.tags.get('line1/pump1/flow')).toBeUndefined();
    expect(h.service.status('pump1-mean')?.state).toBe('waiting');
    for (let s = 0; s < 4; s++) {
      h.feed([
        { tag: 'line1/pump1/pressure', ts: T0 + s * 1000, value: 5 },
        { tag: 'line1/pump1/flow', ts: T0 + s * 1000, value: 10 },
      ]);
      await h.idle();
      if (s < 2)
        expect(h.service.status('pump1-mean')?.message).toMatch(
          /run skipped: no value of line1\/pump1\/(flow|pressure) yet/,
        );
    }
    expect(h.service.status('pump1-mean')).toMatchObject({ state: 'running' });
    expect(h.stored('line1/pump1/flow_mean_z')).toHaveLength(2);
  });

  it('scores each sample of a tag against the 20 before it and flags one beyond 2.5 σ', async () => {
    const h = await start({
      stored: [
        {
          kind: 'zscore',
          id: 'flow-z',
          tag: 'line1/pump1/flow',
          score: { tag: 'line1/pump1/flow_z', unit: 'σ' },
          anomaly: { tag: 'line1/pump1/flow_anomaly' },
        },
      ],
    });
    for (let s = 0; s < 20; s++)
      h.feed([{ tag: 'line1/pump1/flow', ts: T0 + s * 1000, value: 10 + (s % 2) }]);
    expect(h.tags.get('line1/pump1/flow_z')?.value).toBeNull();
    h.feed([{ tag: 'line1/pump1/flow', ts: T0 + 20_000, value: 10.5 }]);
    expect(h.tags.get('line1/pump1/flow_z')).toMatchObject({ value: 0, quality: Quality.Good });
    expect(h.tags.get('line1/pump1/flow_anomaly')).toMatchObject({ value: 0, dataType: 'boolean' });
    h.feed([{ tag: 'line1/pump1/flow', ts: T0 + 21_000, value: 13 }]);
    expect(h.tags.get('line1/pump1/flow_z')?.value).toBeGreaterThan(2.5);
    expect(h.tags.get('line1/pump1/flow_anomaly')?.value).toBe(1);
    h.feed([{ tag: 'line1/pump1/flow', ts: T0 + 22_000, value: null, quality: Quality.BadSensorFailure }]);
    expect(h.tags.get('line1/pump1/flow_z')).toMatchObject({
      value: null,
      quality: Quality.BadSensorFailure,
    });
    expect(h.service.status('flow-z')).toMatchObject({
      state: 'waiting',
      message: expect.stringMatching(/BadSensorFailure/),
    });
  });
});
