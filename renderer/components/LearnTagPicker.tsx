import { useState } from 'react';
import { addTag, filterTags, MAX_LEARN_TAGS, MIN_LEARN_TAGS } from '../models/learnForm.js';
import { useTagsStore } from '../stores/tagsStore.js';

/** Picks 2–32 tags from the registry: a filter over every tag, the chosen ones removable. */
export function LearnTagPicker({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const ids = useTagsStore((state) => state.index.ids);
  const [filter, setFilter] = useState('');
  const { shown, more } = filterTags(ids, filter, tags);
  const full = tags.length >= MAX_LEARN_TAGS;
  return (
    <fieldset className="learn-tags">
      <legend>
        Tags ({tags.length} chosen, {MIN_LEARN_TAGS}–{MAX_LEARN_TAGS})
      </legend>
      <ul className="learn-chosen" data-testid="learn-chosen">
        {tags.map((tag) => (
          <li key={tag} data-tag={tag}>
            {tag}{' '}
            <button
              type="button"
              aria-label={`Remove ${tag}`}
              onClick={() => onChange(tags.filter((t) => t !== tag))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <label>
        Filter
        <input
          type="search"
          value={filter}
          placeholder="e.g. pump1 vibration"
          data-testid="learn-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <ul className="learn-offer" data-testid="learn-offer">
        {shown.map((tag) => (
          <li key={tag}>
            <button
              type="button"
              disabled={full}
              data-testid="learn-add-tag"
              data-tag={tag}
              onClick={() => onChange(addTag(tags, tag))}
            >
              + {tag}
            </button>
          </li>
        ))}
        {more > 0 && <li className="calm-note">… and {more} more: narrow the filter</li>}
      </ul>
    </fieldset>
  );
}
