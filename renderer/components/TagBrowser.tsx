import { useMemo, useState, type KeyboardEvent } from 'react';
import { buildTagTree, treePath } from '../stores/tagTree.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { MAX_PENS, useTrendStore } from '../stores/trendStore.js';
import { AreaNode, type Expansion } from './TagTreeNodes.js';

/** Tags shown for one search; past it the operator is asked to narrow the search. */
const RESULT_LIMIT = 400;

/** The groups that hold the current pens, so the browser opens where the trend already is. */
function groupsOfPens(): Set<string> {
  const keys = new Set<string>();
  for (const id of useTrendStore.getState().pens) {
    const path = treePath(id);
    keys.add(`a:${path.area}`).add(`d:${path.device}`);
  }
  return keys;
}

const toggled = (keys: ReadonlySet<string>, key: string) => {
  const next = new Set(keys);
  if (!next.delete(key)) next.add(key);
  return next;
};

/**
 * Arrow keys within the tree: ↑/↓ move between groups and tags, → opens a group, ← closes it
 * or goes up to the tag's device. Tab, Enter and Space work without them.
 */
function onTreeKeyDown(event: KeyboardEvent<HTMLUListElement>): void {
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-tree-item]')];
  const here = event.target instanceof HTMLElement ? event.target : null;
  const i = here ? items.indexOf(here) : -1;
  if (!here || i < 0) return;
  const expanded = here.getAttribute('aria-expanded');
  let next: HTMLElement | null | undefined = null;
  if (event.key === 'ArrowDown') next = items[i + 1];
  else if (event.key === 'ArrowUp') next = items[i - 1];
  else if (event.key === 'ArrowRight' && expanded === 'false') here.click();
  else if (event.key === 'ArrowLeft' && expanded === 'true') here.click();
  else if (event.key === 'ArrowLeft') {
    const group = here.closest('[data-tree-group]');
    const parent = expanded === null ? group : group?.parentElement?.closest('[data-tree-group]');
    next = parent?.querySelector<HTMLElement>(':scope > [data-tree-item]');
  } else return;
  event.preventDefault();
  next?.focus();
}

/**
 * The tag browser: every tag as a tree of area → device → tag, searchable by id or description.
 * A search opens the groups that hold matches; without one the tree shows what the operator
 * opened. Ticking a tag makes it a pen, up to MAX_PENS. Rebuilt on the tag index, never on values.
 */
export function TagBrowser() {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(groupsOfPens);
  const [closedInSearch, setClosedInSearch] = useState<ReadonlySet<string>>(() => new Set());
  const index = useTagsStore((state) => state.index);
  const penCount = useTrendStore((state) => state.pens.length);
  const tree = useMemo(
    () => buildTagTree({ tags: useTagsStore.getState().tags, index }, query, RESULT_LIMIT),
    [index, query],
  );
  const searching = query.trim() !== '';
  const expansion = useMemo<Expansion>(
    () => ({
      isOpen: (key) => (searching ? !closedInSearch.has(key) : open.has(key)),
      toggle: (key) =>
        searching ? setClosedInSearch((keys) => toggled(keys, key)) : setOpen((keys) => toggled(keys, key)),
    }),
    [searching, open, closedInSearch],
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
          onChange={(event) => {
            setQuery(event.target.value);
            setClosedInSearch(new Set());
          }}
        />
      </label>
      {full && <p className="calm-note">The trend is full: remove a pen to add another.</p>}
      <ul
        className="tag-tree"
        data-testid="tag-tree"
        aria-label="Tags by area and device"
        onKeyDown={onTreeKeyDown}
      >
        {tree.areas.map((area) => (
          <AreaNode key={area.name} area={area} full={full} expansion={expansion} />
        ))}
      </ul>
      {tree.shown === 0 && (
        <p className="calm-note">{searching ? 'No tag matches.' : 'No tags known yet.'}</p>
      )}
      {searching && tree.shown > 0 && (
        <p className="calm-note">
          {tree.truncated
            ? `First ${RESULT_LIMIT} matches: refine the search.`
            : `${tree.shown} matching tags.`}
        </p>
      )}
    </section>
  );
}
