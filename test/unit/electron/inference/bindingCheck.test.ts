import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { checkBinding } from '../../../../electron/inference/bindingCheck.js';
import type { SessionSignature } from '../../../../electron/inference/types.js';
import { OnnxBindingSchema, type OnnxBinding } from '../../../../shared/modelBindings.js';
import { classifierModel, meanModel } from '../../../helpers/onnxModels.js';

/** The signature as the real onnxruntime reads it from a model's bytes. */
async function signatureOf(bytes: Uint8Array): Promise<SessionSignature> {
  const session = await ort.InferenceSession.create(bytes);
  const describe = (meta: readonly ort.InferenceSession.ValueMetadata[]) =>
    meta.map((m) =>
      m.isTensor
        ? { name: m.name, type: m.type, shape: [...m.shape] }
        : { name: m.name, type: 'non-tensor', shape: [] },
    );
  const signature = { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
  await session.release();
  return signature;
}

const binding = (overrides: Record<string, unknown> = {}): OnnxBinding =>
  OnnxBindingSchema.parse({
    kind: 'onnx',
    id: 'b',
    model: 'm.onnx',
    inputs: [{ tag: 'x/a' }, { tag: 'x/b' }],
    window: { steps: 4, stepMs: 1000 },
    trigger: { kind: 'interval', everyMs: 1000 },
    outputs: [{ output: 'mean', index: 1, tag: 'x/out' }],
    ...overrides,
  });

describe("a binding checked against its model's signature", () => {
  it('accepts a window that fits [batch, steps, features] and batches any number of windows', async () => {
    const check = checkBinding(binding(), await signatureOf(meanModel(4, 2)));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.layout).toMatchObject({ input: 'window', splitRows: false, outputNames: ['mean'] });
    expect(check.layout.dims(7)).toEqual([7, 4, 2]);
  });

  it('accepts a classifier [1, n] with a window of one step, run one window at a time', async () => {
    const check = checkBinding(
      binding({
        window: { steps: 1, stepMs: 1000 },
        outputs: [{ output: 'probabilities', index: 1, tag: 'x/p' }],
      }),
      await signatureOf(classifierModel(2)),
    );
    expect(check.ok && check.layout).toMatchObject({ splitRows: true });
    expect(check.ok && check.layout.dims(3)).toEqual([3, 2]);
  });

  it('names every mismatch: features, steps, outputs, elements, and a window a classifier cannot take', async () => {
    const mean = await signatureOf(meanModel(4, 2));
    expect(
      checkBinding(
        binding({
          inputs: [{ tag: 'x/a' }],
          window: { steps: 3, stepMs: 1000 },
          outputs: [
            { output: 'mean', index: 2, tag: 'x/o1' },
            { output: 'median', tag: 'x/o2' },
          ],
        }),
        mean,
      ),
    ).toEqual({
      ok: false,
      problems: [
        'input "window" has shape [N, 4, 2] but the binding gives 3 steps per window',
        'input "window" has shape [N, 4, 2] but the binding gives 1 inputs per window',
        'output "mean" has 2 values per window (shape [N, 2]); index 2 for x/o1 is out of range',
        'the model has no output "median" (its outputs: mean, last)',
      ],
    });
    expect(
      checkBinding(
        binding({ outputs: [{ output: 'probabilities', tag: 'x/p' }] }),
        await signatureOf(classifierModel(2)),
      ),
    ).toEqual({
      ok: false,
      problems: [
        'input "features" has shape [1, 2] but the binding gives 4 steps × 2 inputs = 8 values per window',
      ],
    });
    expect(checkBinding(binding({ input: 'other' }), mean)).toMatchObject({
      ok: false,
      problems: ['the model has no input "other" (its inputs: window)'],
    });
  });

  it('refuses inputs a binding cannot feed', () => {
    const signature: SessionSignature = {
      inputs: [
        { name: 'ids', type: 'int64', shape: ['N', 4, 2] },
        { name: 'mask', type: 'float32', shape: ['N', 4] },
      ],
      outputs: [{ name: 'mean', type: 'string', shape: ['N', 2] }],
    };
    expect(checkBinding(binding({ input: 'ids' }), signature)).toEqual({
      ok: false,
      problems: [
        'the model also needs mask, which a binding cannot feed',
        'input "ids" is int64; a binding feeds float32',
        'output "mean" is string; a tag needs numbers',
      ],
    });
    expect(checkBinding(binding(), signature)).toMatchObject({
      problems: [
        'the model has 2 inputs (ids, mask): name the one the window feeds',
        'output "mean" is string; a tag needs numbers',
      ],
    });
  });
});
