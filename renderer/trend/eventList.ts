import type { ControlRoomApi } from '../../shared/contract.js';
import type { EventsResult, TagId } from '../../shared/domain.js';
import type { TimeRange } from './timeRange.js';

/** Rows the Events panel shows at most: a glance at what changed, not a report. */
export const EVENT_ROWS = 200;

export interface EventRow {
  tag: TagId;
  ts: number;
  text: string | null;
  quality: number;
}

export interface EventList {
  rows: EventRow[];
  /** Some events in the range were left out (the newest EVENT_ROWS are shown). */
  more: boolean;
}

/** Several tags' events, newest first (ties in tag order), cut to `limit` rows. */
export function mergeEvents(results: readonly EventsResult[], limit = EVENT_ROWS): EventList {
  const rows = results.flatMap((result) => result.events.map((event) => ({ tag: result.tag, ...event })));
  rows.sort((a, b) => b.ts - a.ts);
  return {
    rows: rows.slice(0, limit),
    more: rows.length > limit || results.some((result) => result.more),
  };
}

/** The newest events of each tag in the range, asked one tag at a time, merged. */
export async function loadEvents(
  api: Pick<ControlRoomApi, 'call'>,
  tags: readonly TagId[],
  range: TimeRange,
): Promise<EventList> {
  const from = Math.max(0, Math.floor(range.from));
  const to = Math.max(from, Math.ceil(range.to));
  const results = await Promise.all(
    tags.map((tag) => api.call('history.queryEvents', { tag, from, to, limit: EVENT_ROWS, order: 'newest' })),
  );
  return mergeEvents(results);
}
