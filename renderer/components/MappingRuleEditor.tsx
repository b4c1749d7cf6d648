import { useState } from 'react';
import { useApi } from '../api/apiContext.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';

/**
 * The rule being edited, as JSON (the format the README documents). Every problem shows as it
 * is typed, each where it is, and Save stays off until there are none.
 */
export function MappingRuleEditor() {
  const api = useApi();
  const text = useMappingsStore((state) => state.editorText);
  const problems = useMappingsStore((state) => state.editorProblems);
  const busy = useMappingsStore((state) => state.busy);
  const [first, setFirst] = useState(false);
  return (
    <section className="mapping-panel mapping-editor" aria-label="Rule editor">
      <h2>Rule</h2>
      <textarea
        data-testid="rule-text"
        aria-label="Rule as JSON"
        spellCheck={false}
        rows={18}
        value={text}
        onChange={(event) => mappingsActions.editText(event.target.value)}
      />
      {problems.length > 0 && (
        <ul className="rule-problems" role="alert" data-testid="rule-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="mapping-actions">
        <label>
          <input type="checkbox" checked={first} onChange={(event) => setFirst(event.target.checked)} />
          Try it first
        </label>
        <button
          type="button"
          data-testid="rule-save"
          disabled={busy || problems.length > 0}
          onClick={() => void mappingsActions.save(api, first)}
        >
          Save rule
        </button>
      </div>
    </section>
  );
}
