import type { FormEvent } from 'react';
import { useApi } from '../api/apiContext.js';
import { qualityView } from '../format/quality.js';
import { formatDateTime } from '../format/time.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';
import { QualityBadge } from './QualityBadge.js';

/** A topic and payload, pasted or captured live, and the tags they would make — or why none. */
export function MappingPreview() {
  const api = useApi();
  const topic = useMappingsStore((state) => state.previewTopic);
  const payload = useMappingsStore((state) => state.previewPayload);
  const draft = useMappingsStore((state) => state.previewDraft);
  const result = useMappingsStore((state) => state.previewResult);
  const busy = useMappingsStore((state) => state.busy);
  const capturing = useMappingsStore((state) => state.capturing);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void mappingsActions.preview(api);
  };
  return (
    <form className="mapping-panel mapping-preview" aria-label="Preview" onSubmit={onSubmit}>
      <h2>Preview</h2>
      <label>
        Topic
        <input
          data-testid="preview-topic"
          value={topic}
          required
          placeholder="plant/north/gw1/telemetry"
          onChange={(event) => mappingsActions.setPreviewInput({ previewTopic: event.target.value })}
        />
      </label>
      <textarea
        data-testid="preview-payload"
        aria-label="Payload"
        spellCheck={false}
        rows={8}
        value={payload}
        placeholder='{"readings": [{"name": "flow", "value": 12.5}]}'
        onChange={(event) => mappingsActions.setPreviewInput({ previewPayload: event.target.value })}
      />
      <div className="mapping-actions">
        <label>
          <input
            type="checkbox"
            checked={draft}
            onChange={(event) => mappingsActions.setPreviewInput({ previewDraft: event.target.checked })}
          />
          With the rule in the editor (else the saved rules)
        </label>
        <button type="submit" data-testid="preview-run" disabled={busy || topic === ''}>
          Preview
        </button>
        <button
          type="button"
          data-testid="preview-capture"
          disabled={capturing || topic === ''}
          title="Wait for the next live message on this topic (+ and # allowed) and preview it"
          onClick={() => void mappingsActions.capture(api)}
        >
          {capturing ? 'Waiting…' : 'Capture next message'}
        </button>
      </div>
      {result && <PreviewResultTable />}
    </form>
  );
}

function PreviewResultTable() {
  const result = useMappingsStore((state) => state.previewResult)!;
  return (
    <div data-testid="preview-result">
      <p className="calm-note">
        {result.rule === null
          ? 'No rule matches this topic.'
          : `${result.tags.length} tag${result.tags.length === 1 ? '' : 's'} from rule ${result.rule}.`}
      </p>
      {result.tags.length > 0 && (
        <table className="preview-tags">
          <thead>
            <tr>
              <th>Tag</th>
              <th>Value</th>
              <th>Unit</th>
              <th>Quality</th>
              <th>Time</th>
            </tr>
          </thead>
          <tbody>
            {result.tags.map((tag, i) => {
              const quality = qualityView(tag.quality);
              return (
                <tr key={`${tag.id}-${i}`}>
                  <td>{tag.id}</td>
                  <td>{tag.value === null ? '—' : String(tag.value)}</td>
                  <td>{tag.unit}</td>
                  <td title={quality.title}>
                    {quality.badge === null ? 'good' : <QualityBadge view={quality} />}
                  </td>
                  <td>{formatDateTime(tag.ts)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result.problems.length > 0 && (
        <ul className="rule-problems" data-testid="preview-problems">
          {result.problems.map((problem, i) => (
            <li key={i}>
              <code>{problem.cause}</code> {problem.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
