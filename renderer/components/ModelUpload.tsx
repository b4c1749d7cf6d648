import { useRef, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import { useApi } from '../api/apiContext.js';
import { uploadModel, uploadProblem } from '../models/uploadModel.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';

/**
 * Adds a user's own ONNX model from a file picker: sent to the app, loaded there to check it,
 * then put in the data folder's models/ (replacing a file of that name). A file onnxruntime
 * cannot load is refused with its reason and nothing is replaced.
 */
export function ModelUpload({ onUploaded }: { onUploaded: (file: string) => void }) {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (file: File) => {
    const problem = uploadProblem(file.name, file.size);
    if (problem) return setMessage({ error: true, text: problem });
    setBusy(true);
    setMessage({ error: false, text: `Checking ${file.name}…` });
    try {
      const result = await uploadModel(api, file);
      const { inputs, outputs } = result.signature;
      setMessage({
        error: false,
        text: `${result.file.file} added: ${inputs.length} input(s), ${outputs.length} output(s).`,
      });
      onUploaded(result.file.file);
    } catch (error) {
      setMessage({ error: true, text: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <span className="model-upload">
      <label>
        Add a model file{' '}
        <input
          ref={input}
          type="file"
          accept=".onnx"
          disabled={busy}
          data-testid="model-upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void send(file);
          }}
        />
      </label>
      <FormMessage message={message} testId="model-upload-message" />
    </span>
  );
}
