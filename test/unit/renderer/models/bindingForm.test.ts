import { describe, expect, it } from 'vitest';
import { OnnxBindingSchema, type OnnxBinding } from '../../../../shared/modelBindings.js';
import type { ModelSignature } from '../../../../shared/models.js';
import {
  emptyForm,
  formFromBinding,
  formatShape,
  parseForm,
  signatureProblems,
} from '../../../../renderer/models/bindingForm.js';

const bearing: OnnxBinding = OnnxBindingSchema.parse({
  kind: 'onnx',
  id: 'bearing-line1-pump1',
  model: 'pump_bearing.onnx',
  inputs: [
    { tag: 'line1/pump1/vibration', normalise: { kind: 'minMax', min: 0, max: 25 } },
    { tag: 'line1/pump1/speed_setpoint', normalise: { kind: 'meanStd', mean: 50, std: 10 } },
    { tag: 'line1/pump1/running' },
  ],
  window: { steps: 60, stepMs: 1000 },
  trigger: { kind: 'interval', everyMs: 1000 },
  outputs: [{ output: 'anomaly_score', tag: 'line1/pump1/anomaly_score', unit: '', engLow: 0, engHigh: 1 }],
});

const classifier: ModelSignature = {
  file: 'mine.onnx',
  inputs: [{ name: 'features', type: 'float32', shape: [1, 3] }],
  outputs: [{ name: 'probabilities', type: 'float32', shape: [1, 2] }],
};

function classifierBinding(patch: Partial<OnnxBinding> = {}): OnnxBinding {
  return OnnxBindingSchema.parse({
    kind: 'onnx',
    id: 'mine',
    model: 'mine.onnx',
    inputs: [{ tag: 'a/b/x' }, { tag: 'a/b/y' }, { tag: 'a/b/z' }],
    window: { steps: 1, stepMs: 1000 },
    trigger: { kind: 'interval', everyMs: 1000 },
    outputs: [{ output: 'probabilities', index: 1, tag: 'a/b/p_fail' }],
    ...patch,
  });
}

describe('the binding form', () => {
  it('round-trips a binding through the form unchanged', () => {
    const parsed = parseForm(formFromBinding(bearing));
    expect(parsed).toEqual({ ok: true, binding: bearing });
  });

  it("answers every problem in the contract's words, with where it is", () => {
    const form = emptyForm('mine.onnx');
    form.steps = 'sixty';
    form.inputs = [{ tag: 'a/b/x', normalise: 'minMax', a: '5', b: '1' }];
    const parsed = parseForm(form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.some((p) => p.startsWith('id:'))).toBe(true);
    expect(parsed.problems.some((p) => p.startsWith('window.steps:'))).toBe(true);
    expect(parsed.problems).toContain('inputs.0.normalise.max: max must be above min');
    expect(parsed.problems.some((p) => p.startsWith('outputs.0.output:'))).toBe(true);
  });

  it('keeps a blank range blank and a sample trigger with its tag', () => {
    const form = formFromBinding(classifierBinding());
    form.triggerKind = 'sample';
    form.triggerTag = 'a/b/x';
    const parsed = parseForm(form);
    expect(parsed.ok && parsed.binding.kind === 'onnx' && parsed.binding.trigger).toEqual({
      kind: 'sample',
      tag: 'a/b/x',
    });
    expect(parsed.ok && parsed.binding.kind === 'onnx' && parsed.binding.outputs[0]?.engLow).toBeNull();
  });
});

describe('the check against a signature', () => {
  it('accepts a classifier bound to as many features as it takes', () => {
    expect(signatureProblems(classifierBinding(), classifier)).toEqual([]);
    expect(formatShape(classifier.inputs[0]!)).toBe('[1, 3]');
  });

  it('says when the features, the output name or its element do not fit', () => {
    const wrong = classifierBinding({
      inputs: [{ tag: 'a/b/x', normalise: { kind: 'none' } }],
      outputs: [
        {
          output: 'probabilities',
          index: 2,
          tag: 'a/b/p',
          description: '',
          unit: '',
          engLow: null,
          engHigh: null,
        },
        { output: 'label', index: 0, tag: 'a/b/l', description: '', unit: '', engLow: null, engHigh: null },
      ],
    });
    expect(signatureProblems(wrong, classifier)).toEqual([
      'input "features" takes 3 values; the binding feeds 1 steps × 1 inputs = 1',
      'output "probabilities" has 2 elements per row; index 2 is past them',
      'the model has no output "label" (it has probabilities)',
    ]);
  });

  it('checks features per step of a [N, steps, features] input and asks which of several inputs', () => {
    const windowed: ModelSignature = {
      file: 'w.onnx',
      inputs: [{ name: 'window', type: 'float32', shape: ['N', 60, 2] }],
      outputs: [{ name: 'anomaly_score', type: 'float32', shape: ['N', 1] }],
    };
    const binding = { ...bearing, model: 'w.onnx' };
    expect(signatureProblems(binding, windowed)).toEqual([
      'input "window" takes 2 features per step; the binding feeds 3',
    ]);
    const two = { ...windowed, inputs: [...windowed.inputs, { name: 'other', type: 'float32', shape: [1] }] };
    expect(signatureProblems(binding, two)[0]).toBe('the model has 2 inputs: choose one (window, other)');
    expect(signatureProblems({ ...binding, input: 'nope' }, two)[0]).toBe(
      'the model has no input "nope" (it has window, other)',
    );
  });
});
