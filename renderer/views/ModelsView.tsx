import { useState } from 'react';
import { BindingEditor } from '../components/BindingEditor.js';
import { LearnNormalPanel } from '../components/LearnNormalPanel.js';
import { ModelDetail } from '../components/ModelDetail.js';
import { ModelTable } from '../components/ModelTable.js';
import { ModelUpload } from '../components/ModelUpload.js';
import { ZScoreEditor } from '../components/ZScoreEditor.js';
import { useApi } from '../api/apiContext.js';
import { useModelsPolling } from '../hooks/useModelsPolling.js';
import { useNow } from '../hooks/useNow.js';
import { emptyForm, formFromBinding, type BindingForm } from '../models/bindingForm.js';
import { emptyZScoreForm, zscoreFormFromBinding, type ZScoreForm } from '../models/zscoreForm.js';
import { canWrite, useCommandsStore } from '../stores/commandsStore.js';
import { failingCount, modelsActions, useModelsStore } from '../stores/modelsStore.js';
import { runtimeText } from '../models/runtimeText.js';
import '../models.css';

/** What the right-hand panel is busy with, beside the detail of the selected binding. */
type Editing =
  | { kind: 'onnx'; form: BindingForm; baseVersion: number; isNew: boolean }
  | { kind: 'zscore'; form: ZScoreForm; baseVersion: number; isNew: boolean }
  | { kind: 'learn' };

/**
 * The models running next to the data: every binding with its state and statistics; one
 * selected shows its history and actions; the editor checks a binding against its model and
 * test-runs it over history before it goes live.
 */
export function ModelsView() {
  useModelsPolling();
  const api = useApi();
  const state = useModelsStore((s) => s);
  const canEdit = useCommandsStore(canWrite);
  const now = useNow(1_000);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const current = state.models.find((m) => m.binding.id === selected);
  const failing = failingCount(state);
  const done = (savedId: string | null) => {
    setEditing(null);
    if (savedId) setSelected(savedId);
  };

  return (
    <div className="view models" data-testid="models-view">
      <div className="view-toolbar">
        <h1>Models</h1>
        <span className="calm-note" data-testid="models-runtime">
          {state.models.length} bindings · {runtimeText(state.runtime)}
        </span>
        {failing > 0 && <span className="badge badge-offline">{failing} FAILING</span>}
        {canEdit && (
          <button
            type="button"
            data-testid="model-new"
            onClick={() =>
              setEditing({
                kind: 'onnx',
                form: emptyForm(state.files[0]?.file ?? ''),
                baseVersion: 0,
                isNew: true,
              })
            }
          >
            New binding…
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            data-testid="model-new-zscore"
            onClick={() =>
              setEditing({ kind: 'zscore', form: emptyZScoreForm(), baseVersion: 0, isNew: true })
            }
          >
            New z-score detector…
          </button>
        )}
        {canEdit && (
          <button type="button" data-testid="model-learn" onClick={() => setEditing({ kind: 'learn' })}>
            Learn normal…
          </button>
        )}
        {canEdit && (
          <ModelUpload
            onUploaded={(file) => {
              // The new file in the list at once, and an editor open to bind it.
              void api.call('models.list', {}).then(modelsActions.loadList, () => {});
              setSelected(null);
              setEditing({ kind: 'onnx', form: emptyForm(file), baseVersion: 0, isNew: true });
            }}
          />
        )}
      </div>
      {state.loaded && state.models.length === 0 && (
        <p className="calm-note">No model bindings yet: add one, or learn normal operation from history.</p>
      )}
      <div className="models-layout">
        <ModelTable
          models={state.models}
          now={now}
          selected={selected}
          onSelect={(id) => {
            setSelected(id);
            setEditing(null);
          }}
        />
        {editing?.kind === 'learn' ? (
          <LearnNormalPanel onDone={done} />
        ) : editing?.kind === 'zscore' ? (
          <ZScoreEditor
            key={`${editing.form.id}:${editing.baseVersion}:${String(editing.isNew)}`}
            initial={editing.form}
            baseVersion={editing.baseVersion}
            isNew={editing.isNew}
            onDone={done}
          />
        ) : editing?.kind === 'onnx' ? (
          <BindingEditor
            key={`${editing.form.id}:${editing.form.model}:${editing.baseVersion}:${String(editing.isNew)}`}
            initial={editing.form}
            baseVersion={editing.baseVersion}
            isNew={editing.isNew}
            files={state.files}
            onDone={done}
          />
        ) : (
          current && (
            <ModelDetail
              key={current.binding.id}
              status={current}
              canEdit={canEdit}
              onEdit={() =>
                setEditing(
                  current.binding.kind === 'onnx'
                    ? {
                        kind: 'onnx',
                        form: formFromBinding(current.binding),
                        baseVersion: current.version,
                        isNew: false,
                      }
                    : {
                        kind: 'zscore',
                        form: zscoreFormFromBinding(current.binding),
                        baseVersion: current.version,
                        isNew: false,
                      },
                )
              }
            />
          )
        )}
      </div>
    </div>
  );
}
