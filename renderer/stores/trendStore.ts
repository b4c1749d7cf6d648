import { create } from 'zustand';
import type { TagId } from '../../shared/domain.js';
import type { ViewAxis, ViewPen, ViewRange } from '../../shared/trendViews.js';
import type { PenLoad } from '../trend/penLoad.js';
import { isPenColour, withPenOption, type OptionsByPen, type PenOptions } from '../trend/penOptions.js';
import { useTagsStore } from './tagsStore.js';
import {
  liveRange,
  panRange,
  presetRange,
  sameRange,
  zoomRange,
  type HistoryPresetId,
  type TimeRange,
} from '../trend/timeRange.js';
import {
  createStack,
  currentEntry,
  goBack,
  goForward,
  pushEntry,
  replaceEntry,
  type ZoomStack,
} from '../trend/zoomStack.js';

/**
 * What the trend shows: its pens, live or which history range, and how each pen's query stands.
 * The samples themselves live in typed arrays owned by the chart (see trend/), never here.
 */
export const MAX_PENS = 8;
export const WINDOW_PRESETS = [1, 10, 60] as const;
export type WindowMinutes = (typeof WINDOW_PRESETS)[number];

/** One step of the back/forward list: following now, or a fixed range (from a preset or not). */
export type TrendView =
  { kind: 'live' } | { kind: 'history'; from: number; to: number; preset: HistoryPresetId | null };

export interface TrendState {
  pens: readonly TagId[];
  /** The live window; kept while history is shown, so going back to live restores it. */
  windowMinutes: WindowMinutes;
  nav: ZoomStack<TrendView>;
  loads: Readonly<Record<TagId, PenLoad>>;
  /** Bumped by "Retry": the chart queries every pen again. */
  reload: number;
  /** A message for the operator, e.g. why a pen was not added. */
  notice: string | null;
  /**
   * Per pen, the colour and axis the operator chose in the legend or a saved view brought. They
   * belong to the pens, not to a step of back/forward: moving through time keeps them, and a
   * saved view stores them.
   */
  penOptions: OptionsByPen;
  /** String tags listed in the Events panel: texts are not lines, so they are never pens. */
  eventTags: readonly TagId[];
}

/** String tags the Events panel lists at once; it stays a short list beside the chart. */
export const MAX_EVENT_TAGS = 4;

const LIVE: TrendView = { kind: 'live' };

export const initialTrendState: TrendState = {
  pens: [],
  windowMinutes: 10,
  nav: createStack(LIVE),
  loads: {},
  reload: 0,
  notice: null,
  penOptions: {},
  eventTags: [],
};

export function addPen(state: TrendState, id: TagId): TrendState {
  if (state.pens.includes(id)) return state.notice === null ? state : { ...state, notice: null };
  if (state.pens.length >= MAX_PENS) {
    return { ...state, notice: `A trend holds ${MAX_PENS} pens: remove one before adding ${id}.` };
  }
  return { ...state, pens: [...state.pens, id], notice: null };
}

/** Removes a pen with its options: added again, it starts from its defaults. */
export function removePen(state: TrendState, id: TagId): TrendState {
  if (!state.pens.includes(id)) return state;
  return {
    ...state,
    pens: state.pens.filter((pen) => pen !== id),
    penOptions: Object.fromEntries(Object.entries(state.penOptions).filter(([pen]) => pen !== id)),
    notice: null,
  };
}

export function togglePen(state: TrendState, id: TagId): TrendState {
  return state.pens.includes(id) ? removePen(state, id) : addPen(state, id);
}

const sameView = (a: TrendView, b: TrendView) =>
  a.kind === 'live' ? b.kind === 'live' : b.kind === 'history' && sameRange(a, b) && a.preset === b.preset;

function go(state: TrendState, view: TrendView): TrendState {
  const nav = pushEntry(state.nav, view, sameView);
  return nav === state.nav ? state : { ...state, nav };
}

/** Follows now again, with the live window as it was. */
export function showLive(state: TrendState): TrendState {
  return go(state, LIVE);
}

/** Picks a live window; from history this also goes back to live. */
export function setWindow(state: TrendState, windowMinutes: WindowMinutes): TrendState {
  const live = showLive(state);
  return live.windowMinutes === windowMinutes ? live : { ...live, windowMinutes };
}

/**
 * Shows the preset's span ending now. Pressing the preset that is already shown moves it to end
 * now without adding a back step, as a browser's reload does.
 */
export function showPreset(state: TrendState, preset: HistoryPresetId, now: number): TrendState {
  const view: TrendView = { kind: 'history', ...presetRange(preset, now), preset };
  const current = currentEntry(state.nav);
  if (current.kind === 'history' && current.preset === preset) {
    return sameView(current, view) ? state : { ...state, nav: replaceEntry(state.nav, view) };
  }
  return go(state, view);
}

/** Shows a fixed range: a free range, a zoom or a pan. */
export function showRange(state: TrendState, range: TimeRange): TrendState {
  return go(state, { kind: 'history', from: range.from, to: range.to, preset: null });
}

/** What the chart shows at `now`: the live window ending now, or the history range. */
export function visibleRange(state: TrendState, now: number): TimeRange {
  const view = currentEntry(state.nav);
  return view.kind === 'live'
    ? liveRange(state.windowMinutes * 60_000, now)
    : { from: view.from, to: view.to };
}

/** Freezes what live shows now into a history range, to be zoomed and panned. */
export function freeze(state: TrendState, now: number): TrendState {
  return currentEntry(state.nav).kind === 'live' ? showRange(state, visibleRange(state, now)) : state;
}

/** Zooms to a dragged span; from live this freezes the trend into history. */
export function zoom(state: TrendState, a: number, b: number, now: number): TrendState {
  return showRange(state, zoomRange(a, b, now));
}

/** Pans by half a window; from live, panning earlier switches to history (later is still now). */
export function pan(state: TrendState, direction: -1 | 1, now: number): TrendState {
  const range = visibleRange(state, now);
  const moved = panRange(range, direction, now);
  return moved === range ? state : showRange(state, moved);
}

export function back(state: TrendState): TrendState {
  const nav = goBack(state.nav);
  return nav === state.nav ? state : { ...state, nav };
}

export function forward(state: TrendState): TrendState {
  const nav = goForward(state.nav);
  return nav === state.nav ? state : { ...state, nav };
}

/** The live window closest to a saved span (a view saved elsewhere may follow another span). */
export function nearestWindow(spanMs: number): WindowMinutes {
  const minutes = spanMs / 60_000;
  return WINDOW_PRESETS.reduce((best, preset) =>
    Math.abs(preset - minutes) < Math.abs(best - minutes) ? preset : best,
  );
}

/**
 * Shows a saved view: its pens, with their colours and axes, and its range as a step that Back
 * undoes. A view with more pens than a trend holds keeps its first ones and says so.
 */
export function openSavedView(
  state: TrendState,
  view: { pens: readonly ViewPen[]; range: ViewRange },
): TrendState {
  const shown = view.pens.slice(0, MAX_PENS);
  const left = view.pens.length - shown.length;
  const opened: TrendState = {
    ...state,
    pens: shown.map((pen) => pen.tag),
    penOptions: Object.fromEntries(
      shown.flatMap(({ tag, colour, axis }): Array<[TagId, PenOptions]> =>
        colour || axis ? [[tag, { ...(colour ? { colour } : {}), ...(axis ? { axis } : {}) }]] : [],
      ),
    ),
    notice: left > 0 ? `A trend holds ${MAX_PENS} pens: the view's last ${left} were left out.` : null,
  };
  return view.range.kind === 'live'
    ? setWindow(opened, nearestWindow(view.range.spanMs))
    : showRange(opened, view.range);
}

/** Lists a string tag's events beside the trend, up to MAX_EVENT_TAGS of them. */
export function addEventTag(state: TrendState, id: TagId): TrendState {
  if (state.eventTags.includes(id)) return state;
  if (state.eventTags.length >= MAX_EVENT_TAGS) {
    return {
      ...state,
      notice: `The Events panel lists ${MAX_EVENT_TAGS} tags: remove one before adding ${id}.`,
    };
  }
  return { ...state, eventTags: [...state.eventTags, id], notice: null };
}

export function removeEventTag(state: TrendState, id: TagId): TrendState {
  if (!state.eventTags.includes(id)) return state;
  return { ...state, eventTags: state.eventTags.filter((tag) => tag !== id) };
}

/** Draws a pen in one of the palette's colours (or any `#rrggbb` a saved view brought). */
export function setPenColour(state: TrendState, id: TagId, colour: string): TrendState {
  if (!state.pens.includes(id) || !isPenColour(colour)) return state;
  if (state.penOptions[id]?.colour === colour) return state;
  return { ...state, penOptions: withPenOption(state.penOptions, id, 'colour', colour) };
}

/**
 * Gives a pen a fixed axis or lets it follow its data (`auto`); undefined puts it back on its
 * tag's engineering range. A fixed range is checked before it gets here (see checkAxisInput).
 */
export function setPenAxis(state: TrendState, id: TagId, axis: ViewAxis | undefined): TrendState {
  if (!state.pens.includes(id)) return state;
  const current = state.penOptions[id]?.axis;
  if (JSON.stringify(current) === JSON.stringify(axis)) return state;
  return { ...state, penOptions: withPenOption(state.penOptions, id, 'axis', axis) };
}

export function setLoad(state: TrendState, id: TagId, load: PenLoad): TrendState {
  if (state.loads[id] === load) return state;
  return { ...state, loads: { ...state.loads, [id]: load } };
}

export const useTrendStore = create<TrendState>()(() => initialTrendState);

const update = (reduce: (state: TrendState) => TrendState) => useTrendStore.setState(reduce, true);

export const trendActions = {
  /** Returns whether the tag is now a pen. */
  addPen(id: TagId): boolean {
    update((state) => addPen(state, id));
    return useTrendStore.getState().pens.includes(id);
  },
  removePen: (id: TagId) => update((state) => removePen(state, id)),
  togglePen: (id: TagId) => update((state) => togglePen(state, id)),
  clearPens: () => update((state) => ({ ...state, pens: [], penOptions: {}, notice: null })),
  setPenColour: (id: TagId, colour: string) => update((state) => setPenColour(state, id, colour)),
  setPenAxis: (id: TagId, axis: ViewAxis | undefined) => update((state) => setPenAxis(state, id, axis)),
  setWindow: (windowMinutes: WindowMinutes) => update((state) => setWindow(state, windowMinutes)),
  showLive: () => update(showLive),
  freeze: (now = Date.now()) => update((state) => freeze(state, now)),
  showPreset: (preset: HistoryPresetId, now = Date.now()) =>
    update((state) => showPreset(state, preset, now)),
  showRange: (range: TimeRange) => update((state) => showRange(state, range)),
  zoom: (a: number, b: number, now = Date.now()) => update((state) => zoom(state, a, b, now)),
  pan: (direction: -1 | 1, now = Date.now()) => update((state) => pan(state, direction, now)),
  back: () => update(back),
  forward: () => update(forward),
  openSavedView: (view: Parameters<typeof openSavedView>[1]) => update((state) => openSavedView(state, view)),
  setLoad: (id: TagId, load: PenLoad) => update((state) => setLoad(state, id, load)),
  retry: () => update((state) => ({ ...state, reload: state.reload + 1 })),
  dismissNotice: () => useTrendStore.setState({ notice: null }),
  /** Adds a tag to the trend: a pen, or for a string tag a list in the Events panel. */
  addTag(id: TagId): boolean {
    if (!isStringTag(id)) return trendActions.addPen(id);
    update((state) => addEventTag(state, id));
    return useTrendStore.getState().eventTags.includes(id);
  },
  /** Adds or removes a tag: a pen, or for a string tag its list in the Events panel. */
  toggleTag(id: TagId): void {
    if (!isStringTag(id)) return trendActions.togglePen(id);
    update((state) => (state.eventTags.includes(id) ? removeEventTag(state, id) : addEventTag(state, id)));
  },
  removeEventTag: (id: TagId) => update((state) => removeEventTag(state, id)),
};

function isStringTag(id: TagId): boolean {
  return useTagsStore.getState().tags[id]?.dataType === 'string';
}
