import { create } from 'zustand';
import type { Tag, TagMeta, TagValue } from '../../shared/domain.js';
import {
  applyDiscovered,
  applyTagList,
  applyTagValues,
  emptyTagsState,
  type TagsState,
} from './tagsModel.js';

/** Every tag with its metadata and current value. Holds current values only, never series. */
export const useTagsStore = create<TagsState>()(() => emptyTagsState);

export const tagsActions = {
  loadList(list: readonly Tag[]): void {
    useTagsStore.setState((state) => applyTagList(state, list), true);
  },
  applyValues(values: readonly TagValue[]): void {
    useTagsStore.setState((state) => applyTagValues(state, values), true);
  },
  applyDiscovered(metas: readonly TagMeta[]): void {
    useTagsStore.setState((state) => applyDiscovered(state, metas), true);
  },
  reset(): void {
    useTagsStore.setState(emptyTagsState, true);
  },
};
