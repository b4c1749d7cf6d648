import {
  sameLimits,
  sameStates,
  type Tag,
  type TagId,
  type TagMeta,
  type TagValue,
} from '../../shared/domain.js';
import { Quality } from '../../shared/quality.js';

/**
 * Pure reducers of the tag store. Each returns the same object when nothing changed, so that
 * zustand notifies no one, and replaces only the entries that did change, so that a row
 * selecting its own tag re-renders only when that tag moved.
 */

export interface TagIndex {
  /** Every tag id, in operator order (`pump2` before `pump10`). */
  ids: readonly TagId[];
  /** Tag ids per device id. A device whose tags did not change keeps its array. */
  byDevice: Readonly<Record<string, readonly TagId[]>>;
}

export interface TagsState {
  tags: Readonly<Record<TagId, Tag>>;
  /** Rebuilt only when tags appear or move between devices, never on a value change. */
  index: TagIndex;
}

export const emptyTagsState: TagsState = { tags: {}, index: { ids: [], byDevice: {} } };

const collator = new Intl.Collator(undefined, { numeric: true });
export const compareNames = (a: string, b: string): number => collator.compare(a, b);

/**
 * Stands in for a tag whose values arrive before its metadata; the list or discovery replaces
 * it. Like the server, it takes the device to be `area/device` of an `area/device/tag` path.
 */
export function placeholderTag(value: TagValue): Tag {
  const segments = value.id.split('/');
  const deviceDepth = segments.length >= 3 ? 2 : 1;
  return {
    id: value.id,
    device: segments.slice(0, deviceDepth).join('/'),
    name: segments.slice(deviceDepth).join('/') || value.id,
    description: '',
    unit: '',
    dataType: typeof value.value === 'string' ? 'string' : 'number',
    engLow: null,
    engHigh: null,
    value: value.value,
    quality: value.quality,
    ts: value.ts,
  };
}

function sameMembers(a: readonly TagId[], b: readonly TagId[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export function buildIndex(tags: Readonly<Record<TagId, Tag>>, previous?: TagIndex): TagIndex {
  const ids = Object.keys(tags).sort(compareNames);
  const grouped: Record<string, TagId[]> = {};
  for (const id of ids) {
    const device = tags[id]?.device ?? '';
    (grouped[device] ??= []).push(id);
  }
  const byDevice: Record<string, readonly TagId[]> = {};
  for (const [device, members] of Object.entries(grouped)) {
    const old = previous?.byDevice[device];
    byDevice[device] = old && sameMembers(old, members) ? old : members;
  }
  return { ids: previous && sameMembers(previous.ids, ids) ? previous.ids : ids, byDevice };
}

/**
 * Replaces the store with a `tags.list` snapshot. A value that arrived live after the snapshot
 * was taken (a newer timestamp) is kept: the list and the subscription race after a reconnect.
 */
export function applyTagList(state: TagsState, list: readonly Tag[]): TagsState {
  const tags: Record<TagId, Tag> = {};
  for (const tag of list) {
    const current = state.tags[tag.id];
    const liveIsNewer = current?.ts != null && (tag.ts === null || current.ts > tag.ts);
    const next = liveIsNewer
      ? { ...tag, value: current.value, quality: current.quality, ts: current.ts }
      : tag;
    // After a reconnect most tags are unchanged; keeping their objects spares their rows a render.
    tags[tag.id] = current && sameMeta(current, next) && sameValue(current, next) ? current : next;
  }
  return { tags, index: buildIndex(tags, state.index) };
}

/** Applies one onTagValues batch. Values older than what is shown are dropped. */
export function applyTagValues(state: TagsState, values: readonly TagValue[]): TagsState {
  let tags: Record<TagId, Tag> | null = null;
  let added = false;
  for (const value of values) {
    const current = (tags ?? state.tags)[value.id];
    if (current === undefined) {
      tags ??= { ...state.tags };
      tags[value.id] = placeholderTag(value);
      added = true;
      continue;
    }
    if (current.ts !== null && value.ts < current.ts) continue;
    if (current.ts === value.ts && current.value === value.value && current.quality === value.quality)
      continue;
    tags ??= { ...state.tags };
    tags[value.id] = { ...current, value: value.value, quality: value.quality, ts: value.ts };
  }
  if (tags === null) return state;
  return { tags, index: added ? buildIndex(tags, state.index) : state.index };
}

function sameValue(a: Tag, b: Tag): boolean {
  return a.value === b.value && a.quality === b.quality && a.ts === b.ts;
}

function sameMeta(tag: Tag, meta: TagMeta): boolean {
  return (
    tag.device === meta.device &&
    tag.name === meta.name &&
    tag.description === meta.description &&
    tag.unit === meta.unit &&
    tag.dataType === meta.dataType &&
    tag.engLow === meta.engLow &&
    tag.engHigh === meta.engHigh &&
    sameLimits(tag.limits, meta.limits) &&
    sameStates(tag.states, meta.states) &&
    tag.decimals === meta.decimals
  );
}

/** Adds tags from onTagsDiscovered, or updates the metadata of known ones (a new birth). */
export function applyDiscovered(state: TagsState, metas: readonly TagMeta[]): TagsState {
  let tags: Record<TagId, Tag> | null = null;
  let regroup = false;
  for (const meta of metas) {
    const current = (tags ?? state.tags)[meta.id];
    if (current && sameMeta(current, meta)) continue;
    tags ??= { ...state.tags };
    if (current) {
      // A description is whole: a tag that is no longer an enum arrives without states, one whose
      // configured decimals or alarms were removed without them, and the old ones must not stay.
      const { states: _states, decimals: _decimals, limits: _limits, ...rest } = current;
      tags[meta.id] = { ...rest, ...meta };
      regroup ||= current.device !== meta.device;
    } else {
      tags[meta.id] = { ...meta, value: null, quality: Quality.BadWaitingForInitialData, ts: null };
      regroup = true;
    }
  }
  if (tags === null) return state;
  return { tags, index: regroup ? buildIndex(tags, state.index) : state.index };
}
