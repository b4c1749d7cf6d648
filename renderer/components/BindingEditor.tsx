import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../shared/errors.js';
import type { ModelFileInfo, ModelSignature, TestRunResult } from '../../shared/models.js';
import { useApi } from '../api/apiContext.js';
import { parseForm, signatureProblems, type BindingForm } from '../models/bindingForm.js';
import { modelsActions } from '../stores/modelsStore.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { BindingRows } from './BindingFields.js';
import { FormMessage, type FormOutcome } from './FormMessage.js';
import { ModelSignatureView } from './ModelSignatureView.js';
import { TestRunControls } from './TestRunControls.js';
import { TestRunChart } from './TestRunChart.js';

interface SignatureRead {
  file: string;
  signature: ModelSignature | null;
  error: string | null;
}

const errorText = (error: unknown): string =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);

/**
 * The editor of an ONNX binding: the model file and its signature, the form checked as it is
 * typed against the contract's schema and the model's declared inputs and outputs, a test run
 * over history plotted before saving, and save (refused if someone saved in between).
 */
export function BindingEditor({
  initial,
  baseVersion,
  isNew,
  files,
  onDone,
}: {
  initial: BindingForm;
  /** The stored version edited; 0 for a new binding or a demo default. */
  baseVersion: number;
  isNew: boolean;
  files: readonly ModelFileInfo[];
  onDone: (savedId: string | null) => void;
}) {
  const api = useApi();
  const [form, setForm] = useState(initial);
  /** The last signature read, with the file it is of: a change of file shows none until read. */
  const [read, setRead] = useState<SignatureRead | null>(null);
  const [message, setMessage] = useState<FormOutcome | null>(null);
  const [result, setResult] = useState<TestRunResult | null>(null);
  const [busy, setBusy] = useState(false);
  const tagIds = useTagsStore((state) => state.index.ids);

  useEffect(() => {
    if (!form.model) return;
    let current = true;
    const file = form.model;
    api.call('models.getSignature', { file }).then(
      (answer) => current && setRead({ file, signature: answer, error: null }),
      (error: unknown) => current && setRead({ file, signature: null, error: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [api, form.model]);

  const signature = read?.file === form.model ? read.signature : null;
  const signatureError = read?.file === form.model ? read.error : null;
  const parsed = useMemo(() => parseForm(form), [form]);
  const problems = useMemo(() => {
    if (!parsed.ok) return parsed.problems;
    return signature && parsed.binding.kind === 'onnx' ? signatureProblems(parsed.binding, signature) : [];
  }, [parsed, signature]);
  const ready = parsed.ok && problems.length === 0 && signature !== null;

  const update = (patch: Partial<BindingForm>) => {
    setForm((before) => ({ ...before, ...patch }));
    setResult(null);
  };
  const testRun = async (from: number, to: number) => {
    if (!parsed.ok) return;
    setBusy(true);
    setMessage(null);
    try {
      setResult(await api.call('models.testRun', { binding: parsed.binding, from, to }));
    } catch (error) {
      setResult(null);
      setMessage({ error: true, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    try {
      const status = await api.call('models.saveBinding', { binding: parsed.binding, baseVersion });
      modelsActions.applyStatus(status);
      onDone(status.binding.id);
    } catch (error) {
      setMessage({ error: true, text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="binding-editor" data-testid="binding-editor" aria-label="Binding editor">
      <h2>{isNew ? 'New binding' : `Edit ${initial.id}`}</h2>
      <datalist id="binding-tag-ids">
        {tagIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <div className="binding-head">
        <label>
          Id
          <input
            value={form.id}
            readOnly={!isNew}
            data-testid="binding-id"
            onChange={(e) => update({ id: e.target.value })}
          />
        </label>
        <label>
          Model file
          <select
            value={form.model}
            data-testid="binding-model"
            onChange={(e) => update({ model: e.target.value })}
          >
            <option value="">choose…</option>
            {files.map((f) => (
              <option key={f.file} value={f.file}>
                {f.file} ({f.source})
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          Description
          <input value={form.description} onChange={(e) => update({ description: e.target.value })} />
        </label>
      </div>
      <ModelSignatureView signature={signature} error={signatureError} />
      <BindingRows form={form} signature={signature} onChange={update} />
      {problems.length > 0 ? (
        <ul className="binding-problems" role="alert" data-testid="binding-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : (
        signature && (
          <p className="calm-note" role="status" data-testid="binding-fits">
            ✓ The binding fits the model&apos;s signature.
          </p>
        )
      )}
      <TestRunControls disabled={!ready || busy} onRun={(from, to) => void testRun(from, to)} />
      {result && <TestRunChart result={result} />}
      <div className="model-actions">
        <button
          type="button"
          disabled={!ready || busy}
          data-testid="binding-save"
          onClick={() => void save()}
        >
          {isNew ? 'Save and run' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        <FormMessage message={message} testId="binding-message" />
      </div>
    </section>
  );
}
