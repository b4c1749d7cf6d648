import type { OnnxBinding } from '../../shared/modelBindings.js';
import type { TensorInfo } from '../../shared/models.js';
import type { SessionSignature } from './types.js';

/** How a checked binding's windows are fed to its model and its outputs read back. */
export interface RunLayout {
  input: string;
  /** The input's shape for `rows` windows. */
  dims(rows: number): number[];
  /** The model's batch axis is fixed at 1: one run per window. */
  splitRows: boolean;
  /** The model outputs the binding reads, each once. */
  outputNames: string[];
}

export type BindingCheck = { ok: true; layout: RunLayout } | { ok: false; problems: string[] };

const NUMERIC = new Set([
  'float32',
  'float64',
  'float16',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
]);

const shapeText = (shape: TensorInfo['shape']) => `[${shape.join(', ')}]`;

/**
 * Checks an ONNX binding against the model's signature as onnxruntime reads it from the file,
 * with messages an engineer can act on. The window feeds one float32 input shaped
 * [batch, steps, features] or [batch, features] (time-major: steps × features values per row);
 * each mapped output must exist, be numeric, and — where its shape is known — hold the element
 * the binding reads. A batch axis fixed at 1 is accepted: such a model is run once per window.
 */
export function checkBinding(binding: OnnxBinding, signature: SessionSignature): BindingCheck {
  const problems: string[] = [];
  const names = (infos: TensorInfo[]) => infos.map((i) => i.name).join(', ') || 'none';
  const { steps } = binding.window;
  const features = binding.inputs.length;

  let input: TensorInfo | undefined;
  if (binding.input !== undefined) {
    input = signature.inputs.find((i) => i.name === binding.input);
    if (!input)
      problems.push(`the model has no input "${binding.input}" (its inputs: ${names(signature.inputs)})`);
  } else if (signature.inputs.length === 1) input = signature.inputs[0];
  else
    problems.push(
      `the model has ${signature.inputs.length} inputs (${names(signature.inputs)}): name the one the window feeds`,
    );
  if (input && signature.inputs.length > 1)
    problems.push(
      `the model also needs ${names(signature.inputs.filter((i) => i !== input))}, which a binding cannot feed`,
    );

  let splitRows = false;
  let dims: (rows: number) => number[] = () => [];
  if (input) {
    const { shape } = input;
    if (input.type !== 'float32')
      problems.push(`input "${input.name}" is ${input.type}; a binding feeds float32`);
    const expected = shape.length === 3 ? [steps, features] : shape.length === 2 ? [steps * features] : null;
    if (!expected) {
      problems.push(
        `input "${input.name}" has shape ${shapeText(shape)}; a binding feeds [batch, steps, features] or [batch, steps × features]`,
      );
    } else {
      expected.forEach((size, i) => {
        const dim = shape[i + 1];
        if (typeof dim === 'number' && dim !== size) {
          const what =
            shape.length === 3
              ? i === 0
                ? `${steps} steps`
                : `${features} inputs`
              : `${steps} steps × ${features} inputs = ${size} values`;
          problems.push(
            `input "${input!.name}" has shape ${shapeText(shape)} but the binding gives ${what} per window`,
          );
        }
      });
      const batch = shape[0];
      if (typeof batch === 'number' && batch !== 1)
        problems.push(
          `input "${input.name}" takes exactly ${batch} windows per run; a binding gives 1 or any number`,
        );
      splitRows = batch === 1;
      dims = (rows) => [rows, ...expected];
    }
  }

  const outputNames: string[] = [];
  for (const mapped of binding.outputs) {
    const output = signature.outputs.find((o) => o.name === mapped.output);
    if (!output) {
      problems.push(`the model has no output "${mapped.output}" (its outputs: ${names(signature.outputs)})`);
      continue;
    }
    if (!NUMERIC.has(output.type)) {
      problems.push(`output "${output.name}" is ${output.type}; a tag needs numbers`);
      continue;
    }
    if (output.shape.length === 0) splitRows = true; // a scalar answers for one window only
    const perRow = output.shape.slice(1);
    if (perRow.every((d): d is number => typeof d === 'number')) {
      const count = perRow.reduce((product, d) => product * d, 1);
      if (mapped.index >= count)
        problems.push(
          `output "${output.name}" has ${count} value${count === 1 ? '' : 's'} per window (shape ${shapeText(output.shape)}); index ${mapped.index} for ${mapped.tag} is out of range`,
        );
    }
    if (!outputNames.includes(output.name)) outputNames.push(output.name);
  }

  if (problems.length > 0 || !input) return { ok: false, problems };
  return { ok: true, layout: { input: input.name, dims, splitRows, outputNames } };
}
