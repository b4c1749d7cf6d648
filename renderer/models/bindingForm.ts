import { OnnxBindingSchema, type OnnxBinding, type ModelBinding } from '../../shared/modelBindings.js';
import type { ModelSignature, TensorInfo } from '../../shared/models.js';

/**
 * The binding editor's form: what the engineer typed, as text, until it is parsed into an ONNX
 * binding by the contract's own schema (so the editor says exactly what the server would).
 */
export interface InputRow {
  tag: string;
  normalise: 'none' | 'meanStd' | 'minMax';
  /** mean or min */
  a: string;
  /** std or max */
  b: string;
}

export interface OutputRow {
  output: string;
  index: string;
  tag: string;
  unit: string;
  engLow: string;
  engHigh: string;
}

export interface BindingForm {
  id: string;
  description: string;
  enabled: boolean;
  model: string;
  input: string;
  inputs: InputRow[];
  steps: string;
  stepMs: string;
  resample: 'hold' | 'mean';
  missing: 'holdLast' | 'skip' | 'markBad';
  triggerKind: 'interval' | 'sample';
  everyMs: string;
  triggerTag: string;
  outputs: OutputRow[];
}

export const emptyInputRow = (): InputRow => ({ tag: '', normalise: 'none', a: '', b: '' });
export const emptyOutputRow = (): OutputRow => ({
  output: '',
  index: '0',
  tag: '',
  unit: '',
  engLow: '',
  engHigh: '',
});

export function emptyForm(model = ''): BindingForm {
  return {
    id: '',
    description: '',
    enabled: true,
    model,
    input: '',
    inputs: [emptyInputRow()],
    steps: '1',
    stepMs: '1000',
    resample: 'hold',
    missing: 'markBad',
    triggerKind: 'interval',
    everyMs: '1000',
    triggerTag: '',
    outputs: [emptyOutputRow()],
  };
}

const text = (value: number | null): string => (value === null ? '' : String(value));

export function formFromBinding(binding: OnnxBinding): BindingForm {
  return {
    id: binding.id,
    description: binding.description,
    enabled: binding.enabled,
    model: binding.model,
    input: binding.input ?? '',
    inputs: binding.inputs.map((input) => {
      const n = input.normalise;
      return n.kind === 'meanStd'
        ? { tag: input.tag, normalise: 'meanStd', a: String(n.mean), b: String(n.std) }
        : n.kind === 'minMax'
          ? { tag: input.tag, normalise: 'minMax', a: String(n.min), b: String(n.max) }
          : { tag: input.tag, normalise: 'none', a: '', b: '' };
    }),
    steps: String(binding.window.steps),
    stepMs: String(binding.window.stepMs),
    resample: binding.window.resample,
    missing: binding.missing,
    triggerKind: binding.trigger.kind,
    everyMs: binding.trigger.kind === 'interval' ? String(binding.trigger.everyMs) : '1000',
    triggerTag: binding.trigger.kind === 'sample' ? binding.trigger.tag : '',
    outputs: binding.outputs.map((o) => ({
      output: o.output,
      index: String(o.index),
      tag: o.tag,
      unit: o.unit,
      engLow: text(o.engLow),
      engHigh: text(o.engHigh),
    })),
  };
}

/** Text to a number for the schema to judge: blank and words become NaN, which it refuses. */
const num = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));
const optionalNum = (value: string): number | null => (value.trim() === '' ? null : Number(value));

/** The form as the object `models.saveBinding` takes, before any check. */
export function formToDraft(form: BindingForm): unknown {
  return {
    kind: 'onnx',
    id: form.id.trim(),
    description: form.description,
    enabled: form.enabled,
    model: form.model,
    ...(form.input ? { input: form.input } : {}),
    inputs: form.inputs.map((row) => ({
      tag: row.tag.trim(),
      normalise:
        row.normalise === 'meanStd'
          ? { kind: 'meanStd', mean: num(row.a), std: num(row.b) }
          : row.normalise === 'minMax'
            ? { kind: 'minMax', min: num(row.a), max: num(row.b) }
            : { kind: 'none' },
    })),
    window: { steps: num(form.steps), stepMs: num(form.stepMs), resample: form.resample },
    missing: form.missing,
    trigger:
      form.triggerKind === 'interval'
        ? { kind: 'interval', everyMs: num(form.everyMs) }
        : { kind: 'sample', tag: form.triggerTag.trim() },
    outputs: form.outputs.map((row) => ({
      output: row.output,
      index: num(row.index),
      tag: row.tag.trim(),
      unit: row.unit,
      engLow: optionalNum(row.engLow),
      engHigh: optionalNum(row.engHigh),
    })),
  };
}

export type ParsedForm = { ok: true; binding: ModelBinding } | { ok: false; problems: string[] };

/** The form through the contract's schema: a binding, or every problem in the schema's words. */
export function parseForm(form: BindingForm): ParsedForm {
  const parsed = OnnxBindingSchema.safeParse(formToDraft(form));
  if (parsed.success) return { ok: true, binding: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}

/** The fixed size of a tensor's last axis, or null when it is free. */
function lastAxis(info: TensorInfo): number | null {
  const last = info.shape.at(-1);
  return typeof last === 'number' ? last : null;
}

/**
 * What can be told before asking the server: names the model does not have, a feature count
 * or an output index that does not fit the shapes it declares. The server checks again, with
 * the real session, on test run and save.
 */
export function signatureProblems(binding: OnnxBinding, signature: ModelSignature): string[] {
  const problems: string[] = [];
  const names = signature.inputs.map((i) => i.name);
  let fed: TensorInfo | undefined;
  if (binding.input !== undefined) {
    fed = signature.inputs.find((i) => i.name === binding.input);
    if (!fed) problems.push(`the model has no input "${binding.input}" (it has ${names.join(', ')})`);
  } else if (signature.inputs.length !== 1) {
    problems.push(`the model has ${signature.inputs.length} inputs: choose one (${names.join(', ')})`);
  } else fed = signature.inputs[0];
  if (fed) {
    const features = lastAxis(fed);
    const { steps } = binding.window;
    const n = binding.inputs.length;
    if (fed.shape.length === 3 && features !== null && features !== n)
      problems.push(`input "${fed.name}" takes ${features} features per step; the binding feeds ${n}`);
    if (fed.shape.length === 2 && features !== null && features !== steps * n)
      problems.push(
        `input "${fed.name}" takes ${features} values; the binding feeds ${steps} steps × ${n} inputs = ${steps * n}`,
      );
  }
  for (const output of binding.outputs) {
    const info = signature.outputs.find((o) => o.name === output.output);
    if (!info) {
      const known = signature.outputs.map((o) => o.name).join(', ');
      problems.push(`the model has no output "${output.output}" (it has ${known})`);
      continue;
    }
    const width = lastAxis(info);
    if (info.shape.length >= 2 && width !== null && output.index >= width)
      problems.push(
        `output "${info.name}" has ${width} elements per row; index ${output.index} is past them`,
      );
  }
  return problems;
}

/** Shape as people write it: `[N, 60, 3]`. */
export function formatShape(info: TensorInfo): string {
  return `[${info.shape.join(', ')}]`;
}
