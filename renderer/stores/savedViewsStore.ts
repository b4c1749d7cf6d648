import { create } from 'zustand';
import type { ControlRoomApi } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import {
  viewNameKey,
  type TrendView,
  type TrendViewDraft,
  type ViewPen,
  type ViewRange,
} from '../../shared/trendViews.js';
import { currentEntry } from '../trend/zoomStack.js';
import { trendActions, type TrendState } from './trendStore.js';

/**
 * The site's saved trend views as this window knows them. The list is loaded when the Views
 * control opens and kept in step with what this window saves and deletes; another operator's
 * changes show on the next open.
 */
export interface SavedViewsState {
  /** By name, regardless of case, as the server lists them. */
  views: readonly TrendView[];
  loaded: boolean;
  busy: boolean;
  /** The view last opened or saved here: its name is offered when saving again. */
  currentId: string | null;
  /** The last failure, in words, for the operator. */
  problem: string | null;
}

export const initialSavedViewsState: SavedViewsState = {
  views: [],
  loaded: false,
  busy: false,
  currentId: null,
  problem: null,
};

const byName = (a: TrendView, b: TrendView) => viewNameKey(a.name).localeCompare(viewNameKey(b.name));

export function applyList(state: SavedViewsState, views: readonly TrendView[]): SavedViewsState {
  const currentId = views.some((view) => view.id === state.currentId) ? state.currentId : null;
  return { ...state, views: [...views].sort(byName), loaded: true, currentId, problem: null };
}

/** A view the server stored: replaces the one with its id, or joins the list. */
export function applySaved(state: SavedViewsState, saved: TrendView): SavedViewsState {
  const others = state.views.filter((view) => view.id !== saved.id);
  return { ...state, views: [...others, saved].sort(byName), currentId: saved.id, problem: null };
}

export function applyDeleted(state: SavedViewsState, id: string): SavedViewsState {
  return {
    ...state,
    views: state.views.filter((view) => view.id !== id),
    currentId: state.currentId === id ? null : state.currentId,
    problem: null,
  };
}

/** The saved view a name would clash with, as the server decides clashes: regardless of case. */
export function findByName(views: readonly TrendView[], name: string): TrendView | undefined {
  const key = viewNameKey(name);
  return views.find((view) => viewNameKey(view.name) === key);
}

/** What the trend shows now, as a view stores it: pens with their options, and the range. */
export function viewOfTrend(trend: TrendState): { pens: ViewPen[]; range: ViewRange } {
  const shown = currentEntry(trend.nav);
  return {
    pens: trend.pens.map((tag) => ({ tag, ...trend.penOptions[tag] })),
    range:
      shown.kind === 'live'
        ? { kind: 'live', spanMs: trend.windowMinutes * 60_000 }
        : { kind: 'history', from: shown.from, to: shown.to },
  };
}

export const useSavedViewsStore = create<SavedViewsState>()(() => initialSavedViewsState);

const update = (reduce: (state: SavedViewsState) => SavedViewsState) =>
  useSavedViewsStore.setState(reduce, true);

function failed(what: string, error: unknown): void {
  const reason = error instanceof ApiError ? error.message : String(error);
  useSavedViewsStore.setState({ busy: false, problem: `${what}: ${reason}` });
}

export const savedViewsActions = {
  async load(api: ControlRoomApi): Promise<void> {
    useSavedViewsStore.setState({ busy: true });
    try {
      const { views } = await api.call('views.list', {});
      update((state) => ({ ...applyList(state, views), busy: false }));
    } catch (error) {
      failed('Saved views could not be loaded', error);
    }
  },

  /** Resolves with the stored view, or null when the server refused (the reason is in `problem`). */
  async save(api: ControlRoomApi, draft: TrendViewDraft): Promise<TrendView | null> {
    useSavedViewsStore.setState({ busy: true });
    try {
      const saved = await api.call('views.save', draft);
      update((state) => ({ ...applySaved(state, saved), busy: false }));
      return saved;
    } catch (error) {
      failed(`“${draft.name.trim()}” was not saved`, error);
      // A clash with a view saved elsewhere: learn of it, so the next try offers to overwrite it.
      if (error instanceof ApiError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) {
        const problem = useSavedViewsStore.getState().problem;
        await savedViewsActions.load(api);
        useSavedViewsStore.setState({ problem });
      }
      return null;
    }
  },

  async remove(api: ControlRoomApi, view: TrendView): Promise<void> {
    useSavedViewsStore.setState({ busy: true });
    try {
      await api.call('views.delete', { id: view.id });
      update((state) => ({ ...applyDeleted(state, view.id), busy: false }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') {
        // Someone else deleted it first: what the operator wanted has happened.
        update((state) => ({ ...applyDeleted(state, view.id), busy: false }));
        return;
      }
      failed(`“${view.name}” was not deleted`, error);
    }
  },

  open(view: TrendView): void {
    trendActions.openSavedView(view);
    useSavedViewsStore.setState({ currentId: view.id, problem: null });
  },

  dismissProblem: () => useSavedViewsStore.setState({ problem: null }),
};
