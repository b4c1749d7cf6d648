import { useMemo, useState } from 'react';
import type { TagId } from '../../shared/domain.js';
import { AreaSection } from '../components/AreaSection.js';
import { TagRow } from '../components/TagRow.js';
import { useDevicesStore } from '../stores/devicesStore.js';
import { useHealthStore } from '../stores/healthStore.js';
import { groupByArea, searchTags } from '../stores/tagsSelectors.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { trendActions, useTrendStore } from '../stores/trendStore.js';

/** Past this many tags the overview caps what it renders; below it everything shows at once. */
export const LARGE_SITE_TAGS = 1500;
const LARGE_SITE_CAPS = { devices: 24, tags: 12 };
const FILTER_LIMIT = 200;

/**
 * Opens a tag in Trends, or with `stay` adds it to (or removes it from) the trend in place. A
 * string tag goes to the Events panel rather than becoming a pen.
 */
function activateTag(id: TagId, stay: boolean): void {
  if (stay) {
    trendActions.toggleTag(id);
    return;
  }
  if (trendActions.addTag(id)) window.location.hash = '#/trends';
}

function FilterResults({ query }: { query: string }) {
  const index = useTagsStore((state) => state.index);
  const found = useMemo(
    () => searchTags({ tags: useTagsStore.getState().tags, index }, query, FILTER_LIMIT),
    [index, query],
  );
  if (found.length === 0) return <p className="calm-note">No tag matches “{query}”.</p>;
  return (
    <section className="device-card filter-results" aria-label="Matching tags">
      <ul className="tag-list">
        {found.map((tag) => (
          <TagRow key={tag.id} id={tag.id} onActivate={activateTag} />
        ))}
      </ul>
      {found.length >= FILTER_LIMIT && (
        <p className="calm-note">First {FILTER_LIMIT} matches; refine the filter.</p>
      )}
    </section>
  );
}

/**
 * The plant at a glance: areas, their devices and every tag's value. It subscribes to the tag
 * index and the device list only; values reach the rows through their own narrow selectors.
 */
export function OverviewView() {
  const byDevice = useTagsStore((state) => state.index.byDevice);
  const tagCount = useTagsStore((state) => state.index.ids.length);
  const devices = useDevicesStore((state) => state.byId);
  const loaded = useHealthStore((state) => state.syncEpoch > 0);
  const notice = useTrendStore((state) => state.notice);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupByArea(devices, byDevice), [devices, byDevice]);
  const caps = tagCount > LARGE_SITE_TAGS ? LARGE_SITE_CAPS : null;
  const trimmed = query.trim();

  return (
    <div className="view overview" data-testid="overview">
      <div className="view-toolbar">
        <h1>Overview</h1>
        <input
          type="search"
          className="filter"
          data-testid="overview-filter"
          placeholder="Filter tags by id or description"
          aria-label="Filter tags"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <span className="calm-note">
          {tagCount.toLocaleString()} tags · Enter opens a tag in Trends, Shift+Enter adds it to the trend
        </span>
        {notice && (
          <span className="notice" role="status">
            {notice}
          </span>
        )}
      </div>
      {trimmed !== '' ? (
        <FilterResults query={trimmed} />
      ) : groups.length === 0 ? (
        <p className="calm-note empty">
          {loaded ? 'No devices or tags yet: they appear here as soon as they report.' : 'Loading the site…'}
        </p>
      ) : (
        groups.map((group) => (
          <AreaSection
            key={group.area}
            area={group.area}
            devices={group.devices}
            tagCount={group.tagCount}
            caps={caps}
            onActivate={activateTag}
          />
        ))
      )}
    </div>
  );
}
