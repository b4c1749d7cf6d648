import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useApi } from '../api/apiContext.js';
import { savedViewsActions, useSavedViewsStore } from '../stores/savedViewsStore.js';
import { SavedViewList } from './SavedViewList.js';
import { SaveViewForm } from './SaveViewForm.js';

/**
 * Saved trend views: the trend's pens (with the colour and axis each was given) and its range,
 * kept under a name in the site's config.db so that they outlast a restart. "Views…" opens a panel to save what the trend shows
 * (over a view of the same name only after asking), and to open or delete a saved one; Escape
 * closes it.
 */
export function SavedViews() {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setOpen(false);
  };
  return (
    <>
      <button
        type="button"
        data-testid="views-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title="Save this trend under a name, or open a saved one"
        onClick={() => setOpen((shown) => !shown)}
      >
        Views…
      </button>
      {open && (
        <section
          id={panelId}
          className="saved-views"
          data-testid="saved-views"
          aria-label="Saved views"
          onKeyDown={onKeyDown}
        >
          <SavedViewsPanel onOpened={() => setOpen(false)} />
        </section>
      )}
    </>
  );
}

function SavedViewsPanel({ onOpened }: { onOpened: () => void }) {
  const api = useApi();
  const problem = useSavedViewsStore((state) => state.problem);
  useEffect(() => {
    void savedViewsActions.load(api);
  }, [api]);
  return (
    <>
      <SaveViewForm />
      <SavedViewList onOpened={onOpened} />
      {problem && (
        <p className="saved-views-problem" role="alert" data-testid="views-problem">
          {problem}
        </p>
      )}
    </>
  );
}
