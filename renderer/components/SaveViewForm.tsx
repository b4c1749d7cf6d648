import { useState, type FormEvent } from 'react';
import { MAX_VIEW_NAME, type TrendView } from '../../shared/trendViews.js';
import { useApi } from '../api/apiContext.js';
import { findByName, savedViewsActions, useSavedViewsStore, viewOfTrend } from '../stores/savedViewsStore.js';
import { useTrendStore } from '../stores/trendStore.js';

/**
 * Saves what the trend shows under a name. A name that a saved view already has (in any case)
 * asks first whether to overwrite that view; the name of the view last opened is offered, so
 * "open, adjust, save, overwrite" updates it.
 */
export function SaveViewForm() {
  const api = useApi();
  const noPens = useTrendStore((state) => state.pens.length === 0);
  const busy = useSavedViewsStore((state) => state.busy);
  const [name, setName] = useState(() => {
    const { views, currentId } = useSavedViewsStore.getState();
    return views.find((view) => view.id === currentId)?.name ?? '';
  });
  const [overwrite, setOverwrite] = useState<TrendView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async (over: TrendView | null) => {
    setOverwrite(null);
    const draft = { ...viewOfTrend(useTrendStore.getState()), name, ...(over ? { id: over.id } : {}) };
    const stored = await savedViewsActions.save(api, draft);
    if (stored) setSaved(`Saved “${stored.name}”.`);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const clash = findByName(useSavedViewsStore.getState().views, name);
    if (clash) setOverwrite(clash);
    else void save(null);
  };

  return (
    <form className="save-view" aria-label="Save this trend as a view" onSubmit={onSubmit}>
      <label>
        Name
        <input
          type="text"
          data-testid="view-name"
          value={name}
          maxLength={MAX_VIEW_NAME}
          required
          placeholder="e.g. Line 1 pumps"
          onChange={(event) => {
            setName(event.target.value);
            setOverwrite(null);
            setSaved(null);
          }}
        />
      </label>
      <button
        type="submit"
        data-testid="view-save"
        disabled={noPens || busy || name.trim() === ''}
        title={noPens ? 'Add a pen to save a view' : 'Save the pens and the range under this name'}
      >
        Save view
      </button>
      {overwrite && (
        <span className="confirm" role="alertdialog" aria-label="Overwrite saved view">
          “{overwrite.name}” exists. Overwrite it with this trend?
          <button type="button" data-testid="view-overwrite" autoFocus onClick={() => void save(overwrite)}>
            Overwrite
          </button>
          <button type="button" onClick={() => setOverwrite(null)}>
            Cancel
          </button>
        </span>
      )}
      {saved && (
        <span className="calm-note" role="status" data-testid="view-saved">
          {saved}
        </span>
      )}
    </form>
  );
}
