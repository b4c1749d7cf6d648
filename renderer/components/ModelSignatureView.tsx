import type { ModelSignature } from '../../shared/models.js';
import { formatShape } from '../models/bindingForm.js';

/** A model's inputs and outputs as onnxruntime read them from the file. */
export function ModelSignatureView({
  signature,
  error,
}: {
  signature: ModelSignature | null;
  error: string | null;
}) {
  if (error)
    return (
      <p className="form-error" role="alert" data-testid="model-signature-error">
        The model cannot be read: {error}
      </p>
    );
  if (!signature) return null;
  const line = (kind: string, list: ModelSignature['inputs']) =>
    list.map((t) => `${t.name} ${t.type} ${formatShape(t)}`).join(', ') || `no ${kind}`;
  return (
    <p className="calm-note model-signature" data-testid="model-signature">
      Takes {line('inputs', signature.inputs)} → gives {line('outputs', signature.outputs)}
    </p>
  );
}
