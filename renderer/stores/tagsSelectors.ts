import type { Device, Tag, TagId } from '../../shared/domain.js';
import { compareNames, type TagsState } from './tagsModel.js';

/** Pure selectors over the tag and device stores; usable with or without React. */

export const selectTag =
  (id: TagId) =>
  (state: TagsState): Tag | undefined =>
    state.tags[id];

/** The area of a tag is the first segment of its path (`area/device/tag`). */
export function areaOfTag(id: TagId): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(0, slash);
}

/**
 * A test for "id or description contains every word of the query" (case-insensitive); an empty
 * query matches every tag.
 */
export function tagMatcher(query: string): (tag: Pick<Tag, 'id' | 'description'>) => boolean {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  return (tag) => {
    if (words.length === 0) return true;
    const text = `${tag.id} ${tag.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  };
}

/** Tags matching the query (see tagMatcher), in operator order, at most `limit` of them. */
export function searchTags(state: TagsState, query: string, limit = 50): Tag[] {
  const matches = tagMatcher(query);
  const found: Tag[] = [];
  for (const id of state.index.ids) {
    const tag = state.tags[id];
    if (!tag || !matches(tag)) continue;
    found.push(tag);
    if (found.length >= limit) break;
  }
  return found;
}

export interface DeviceEntry {
  id: string;
  tagIds: readonly TagId[];
}

export interface AreaGroup {
  area: string;
  devices: DeviceEntry[];
  tagCount: number;
}

const NO_TAGS: readonly TagId[] = [];

/**
 * Devices grouped by area for the overview: every device the device list knows, plus any device
 * that only tags name. A device's area comes from the device list, else from its first tag's path.
 */
export function groupByArea(
  devices: Readonly<Record<string, Device>>,
  byDevice: Readonly<Record<string, readonly TagId[]>>,
): AreaGroup[] {
  const areas = new Map<string, AreaGroup>();
  const deviceIds = new Set([...Object.keys(devices), ...Object.keys(byDevice)]);
  for (const id of deviceIds) {
    const tagIds = byDevice[id] ?? NO_TAGS;
    const first = tagIds[0];
    const area = devices[id]?.area || (first === undefined ? '' : areaOfTag(first)) || '(no area)';
    let group = areas.get(area);
    if (!group) areas.set(area, (group = { area, devices: [], tagCount: 0 }));
    group.devices.push({ id, tagIds });
    group.tagCount += tagIds.length;
  }
  const groups = [...areas.values()].sort((a, b) => compareNames(a.area, b.area));
  for (const group of groups) group.devices.sort((a, b) => compareNames(a.id, b.id));
  return groups;
}
