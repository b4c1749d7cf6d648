import { useApi } from '../api/apiContext.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';

/** The rules in the order they are tried: the first whose topic pattern matches a message wins. */
export function MappingRuleList() {
  const api = useApi();
  const rules = useMappingsStore((state) => state.rules);
  const busy = useMappingsStore((state) => state.busy);
  return (
    <section className="mapping-panel" aria-label="Mapping rules">
      <h2>Rules, tried in order</h2>
      {rules.length === 0 && <p className="calm-note">No rules: every JSON topic is ignored or captured.</p>}
      <ol className="mapping-rules" data-testid="mapping-rules">
        {rules.map((rule) => (
          <li key={rule.id} className="mapping-rule">
            <span className="mapping-rule-name">{rule.name}</span>
            <code>{rule.topic}</code>
            <span className="mapping-rule-actions">
              <button type="button" onClick={() => mappingsActions.editRule(rule)}>
                Edit
              </button>
              <button type="button" disabled={busy} onClick={() => void mappingsActions.remove(api, rule)}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ol>
      <button type="button" data-testid="mapping-new" onClick={() => mappingsActions.editNew()}>
        New rule
      </button>
    </section>
  );
}
