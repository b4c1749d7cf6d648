import { useEffect } from 'react';
import { useApi } from '../api/apiContext.js';
import { MappingFallbackForm } from '../components/MappingFallbackForm.js';
import { MappingPreview } from '../components/MappingPreview.js';
import { MappingRuleEditor } from '../components/MappingRuleEditor.js';
import { MappingRuleList } from '../components/MappingRuleList.js';
import { UnmappedList } from '../components/UnmappedList.js';
import { mappingsActions, useMappingsStore } from '../stores/mappingsStore.js';

/**
 * Plain-JSON mappings: the engineer's screen for taking a site's JSON as it is. Rules on the
 * left with what matched nothing; the rule being edited and its preview on the right.
 */
export function MappingsView() {
  const api = useApi();
  const problem = useMappingsStore((state) => state.problem);
  const note = useMappingsStore((state) => state.note);
  useEffect(() => {
    void mappingsActions.load(api);
  }, [api]);
  return (
    <div className="view mappings-view" data-testid="mappings-view">
      <header className="mappings-header">
        <h1>JSON mappings</h1>
        <button type="button" onClick={() => void mappingsActions.load(api)}>
          Refresh
        </button>
        {problem && (
          <span className="notice" role="alert" data-testid="mappings-problem">
            {problem}
          </span>
        )}
        {note && (
          <span className="calm-note" role="status" data-testid="mappings-note">
            {note}
          </span>
        )}
      </header>
      <div className="mappings-columns">
        <div>
          <MappingRuleList />
          <MappingFallbackForm />
          <UnmappedList />
        </div>
        <div>
          <MappingRuleEditor />
          <MappingPreview />
        </div>
      </div>
    </div>
  );
}
