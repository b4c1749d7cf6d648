import type { TagId } from '../../shared/domain.js';
import { compareNames, type TagsState } from './tagsModel.js';
import { tagMatcher } from './tagsSelectors.js';

/**
 * The tag browser's tree, area → device → tag, read from tag ids (`area/device/tag`). A pure
 * selector: the picker rebuilds it when the tag index or the search changes, never on values.
 */

export interface TreeDevice {
  /** `area/device`: unique across the tree, used to remember what is expanded. */
  key: string;
  name: string;
  tagIds: TagId[];
}

export interface TreeArea {
  name: string;
  devices: TreeDevice[];
  tagCount: number;
}

export interface TagTree {
  areas: TreeArea[];
  /** Tags in the tree; with a search, the matches shown. */
  shown: number;
  /** True when the search matched more than the limit and the rest were left out. */
  truncated: boolean;
}

/** Where a tag sits: `line1/pump3/flow` → line1, line1/pump3, flow. Short ids keep their parts. */
export function treePath(id: TagId): { area: string; device: string; name: string } {
  const parts = id.split('/');
  const area = parts[0] || '(no area)';
  if (parts.length < 3) return { area, device: `${area}/`, name: parts.slice(1).join('/') || id };
  return { area, device: `${area}/${parts[1] ?? ''}`, name: parts.slice(2).join('/') };
}

/**
 * The tree of every tag that matches `query` (see tagMatcher), in operator order
 * (`pump2` before `pump10`), at most `limit` tags of it.
 */
export function buildTagTree(state: TagsState, query: string, limit = Infinity): TagTree {
  const matches = tagMatcher(query);
  const areas = new Map<string, Map<string, TreeDevice>>();
  let shown = 0;
  let truncated = false;
  for (const id of state.index.ids) {
    if (!matches({ id, description: state.tags[id]?.description ?? '' })) continue;
    if (shown >= limit) {
      truncated = true;
      break;
    }
    const path = treePath(id);
    let devices = areas.get(path.area);
    if (!devices) areas.set(path.area, (devices = new Map()));
    let device = devices.get(path.device);
    if (!device) {
      const name = path.device.slice(path.area.length + 1) || '(no device)';
      devices.set(path.device, (device = { key: path.device, name, tagIds: [] }));
    }
    device.tagIds.push(id);
    shown++;
  }
  const tree = [...areas].map(([name, devices]): TreeArea => {
    const list = [...devices.values()].sort((a, b) => compareNames(a.name, b.name));
    return { name, devices: list, tagCount: list.reduce((sum, device) => sum + device.tagIds.length, 0) };
  });
  tree.sort((a, b) => compareNames(a.name, b.name));
  return { areas: tree, shown, truncated };
}

/** How many of these tags are pens, for a collapsed group's "2 on trend". */
export function countPens(tagIds: readonly TagId[], pens: readonly TagId[]): number {
  let count = 0;
  for (const id of tagIds) if (pens.includes(id)) count++;
  return count;
}
