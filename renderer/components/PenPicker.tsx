import { memo, useMemo, useState } from 'react';
import type { Tag } from '../../shared/domain.js';
import { searchTags } from '../stores/tagsSelectors.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { MAX_PENS, selectPenNumber, trendActions, useTrendStore } from '../stores/trendStore.js';

const RESULT_LIMIT = 60;

const PenOption = memo(function PenOption({ tag, full }: { tag: Tag; full: boolean }) {
  const penNumber = useTrendStore(selectPenNumber(tag.id));
  return (
    <li>
      <label className="pen-option" data-testid="pen-option" data-tag-id={tag.id}>
        <input
          type="checkbox"
          checked={penNumber > 0}
          disabled={full && penNumber === 0}
          onChange={() => trendActions.togglePen(tag.id)}
        />
        <span className="pen-option-id">{tag.id}</span>
        {penNumber > 0 && <span className="pen-mark">P{penNumber}</span>}
        {tag.description && <span className="pen-option-desc">{tag.description}</span>}
      </label>
    </li>
  );
});

/**
 * Finds tags by id or description and toggles them as pens, up to MAX_PENS. It searches on the
 * tag index, so live values do not re-run the search.
 */
export function PenPicker() {
  const [query, setQuery] = useState('');
  const index = useTagsStore((state) => state.index);
  const penCount = useTrendStore((state) => state.pens.length);
  const found = useMemo(
    () => searchTags({ tags: useTagsStore.getState().tags, index }, query, RESULT_LIMIT),
    [index, query],
  );
  const full = penCount >= MAX_PENS;
  return (
    <section className="pen-picker" data-testid="pen-picker" aria-label="Pick pens">
      <label className="pen-search">
        <span>
          Pens {penCount}/{MAX_PENS}
        </span>
        <input
          type="search"
          data-testid="pen-search"
          placeholder="Search tags by id or description"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      {full && <p className="calm-note">The trend is full: remove a pen to add another.</p>}
      <ul className="pen-options">
        {found.map((tag) => (
          <PenOption key={tag.id} tag={tag} full={full} />
        ))}
      </ul>
      {found.length === 0 && <p className="calm-note">No tag matches.</p>}
      {found.length >= RESULT_LIMIT && (
        <p className="calm-note">First {RESULT_LIMIT} matches: refine the search.</p>
      )}
    </section>
  );
}
