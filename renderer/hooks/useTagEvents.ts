import { useEffect, useState } from 'react';
import type { TagId } from '../../shared/domain.js';
import { useApi } from '../api/apiContext.js';
import { useHealthStore } from '../stores/healthStore.js';
import { useNow } from './useNow.js';
import { useTagsStore } from '../stores/tagsStore.js';
import type { TrendView } from '../stores/trendStore.js';
import { loadEvents, type EventList } from '../trend/eventList.js';

export type EventsState =
  { state: 'loading' } | { state: 'ready'; list: EventList } | { state: 'error'; message: string };

/** How often a live list is asked again with no new text, so old events leave the window. */
const LIVE_REFRESH_MS = 30_000;

/**
 * The events of the listed string tags in what the trend shows: the history range, or the live
 * window ending now, asked again whenever one of the tags shows a new text or quality (a
 * repeated text is no new event), the connection comes back, or every half minute when live.
 */
export function useTagEvents(tags: readonly TagId[], view: TrendView, windowMinutes: number): EventsState {
  const api = useApi();
  const epoch = useHealthStore((state) => state.syncEpoch);
  const changed = useTagsStore((state) =>
    JSON.stringify(tags.map((id) => [state.tags[id]?.value ?? null, state.tags[id]?.quality ?? 0])),
  );
  const tick = useNow(LIVE_REFRESH_MS);
  const [events, setEvents] = useState<EventsState>({ state: 'loading' });
  const from = view.kind === 'history' ? view.from : 0;
  const to = view.kind === 'history' ? view.to : 0;
  const live = view.kind === 'live';
  const refresh = live ? tick : 0;

  useEffect(() => {
    if (tags.length === 0) return;
    let current = true;
    const now = Date.now();
    const range = live ? { from: now - windowMinutes * 60_000, to: now } : { from, to };
    loadEvents(api, tags, range).then(
      (list) => current && setEvents({ state: 'ready', list }),
      (error: unknown) =>
        current &&
        setEvents({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
    // `changed` and `refresh` are not read: they say when the list is out of date.
  }, [api, tags, live, from, to, windowMinutes, epoch, changed, refresh]);

  return events;
}
