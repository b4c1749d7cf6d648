import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../electron/api/dispatcher.js';
import { viewHandlers } from '../../../../electron/api/viewHandlers.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import {
  applyDeleted,
  applyList,
  applySaved,
  findByName,
  initialSavedViewsState,
  savedViewsActions,
  useSavedViewsStore,
  viewOfTrend,
} from '../../../../renderer/stores/savedViewsStore.js';
import { selectView } from '../../../../renderer/stores/trendSelectors.js';
import {
  addPen,
  initialTrendState,
  MAX_PENS,
  nearestWindow,
  openSavedView,
  setWindow,
  showRange,
  trendActions,
  useTrendStore,
} from '../../../../renderer/stores/trendStore.js';
import { createClient } from '../../../../shared/client.js';
import type { TrendView } from '../../../../shared/trendViews.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const view = (id: string, name: string, extra: Partial<TrendView> = {}): TrendView => ({
  id,
  name,
  pens: [{ tag: 'line1/pump3/flow' }],
  range: { kind: 'live', spanMs: 600_000 },
  createdMs: 1,
  updatedMs: 1,
  savedBy: 'ana',
  ...extra,
});

describe('the saved views store', () => {
  it('lists views by name regardless of case', () => {
    const state = applyList(initialSavedViewsState, [
      view('1', 'compressor'),
      view('2', 'Boiler'),
      view('3', 'air'),
    ]);
    expect(state.views.map((v) => v.name)).toEqual(['air', 'Boiler', 'compressor']);
    expect(state.loaded).toBe(true);
  });

  it('replaces a saved view by its id, keeps the order by name and remembers it as current', () => {
    const listed = applyList(initialSavedViewsState, [view('1', 'b'), view('2', 'c')]);
    const state = applySaved(listed, view('2', 'a'));
    expect(state.views.map((v) => `${v.id}:${v.name}`)).toEqual(['2:a', '1:b']);
    expect(state.currentId).toBe('2');
  });

  it('forgets a deleted view, and that it was current', () => {
    const state = applySaved(applyList(initialSavedViewsState, [view('1', 'b')]), view('2', 'c'));
    const after = applyDeleted(state, '2');
    expect(after.views.map((v) => v.id)).toEqual(['1']);
    expect(after.currentId).toBeNull();
  });

  it('finds a clash by name as the server does: trimmed, in any case', () => {
    const views = [view('1', 'Pump 3')];
    expect(findByName(views, '  PUMP 3 ')?.id).toBe('1');
    expect(findByName(views, 'Pump 33')).toBeUndefined();
  });

  it('takes pens, their options and the live window from the trend', () => {
    const trend = setWindow(addPen(addPen(initialTrendState, 'a/d/x'), 'a/d/y'), 60);
    const withOptions = {
      ...trend,
      penOptions: { 'a/d/y': { colour: '#112233', axis: { min: 0, max: 5 } } },
    };
    expect(viewOfTrend(withOptions)).toEqual({
      pens: [{ tag: 'a/d/x' }, { tag: 'a/d/y', colour: '#112233', axis: { min: 0, max: 5 } }],
      range: { kind: 'live', spanMs: 3_600_000 },
    });
  });

  it('takes a history range as its fixed from and to', () => {
    const trend = showRange(addPen(initialTrendState, 'a/d/x'), { from: 1_000, to: 9_000 });
    expect(viewOfTrend(trend).range).toEqual({ kind: 'history', from: 1_000, to: 9_000 });
  });
});

describe('opening a saved view on the trend', () => {
  it('sets the pens with their options and the history range, as a step Back undoes', () => {
    const before = addPen(initialTrendState, 'a/d/old');
    const opened = openSavedView(before, {
      pens: [{ tag: 'a/d/x', axis: { min: -1, max: 1 } }, { tag: 'a/d/y' }],
      range: { kind: 'history', from: 100, to: 200 },
    });
    expect(opened.pens).toEqual(['a/d/x', 'a/d/y']);
    expect(opened.penOptions).toEqual({ 'a/d/x': { axis: { min: -1, max: 1 } } });
    expect(selectView(opened)).toMatchObject({ kind: 'history', from: 100, to: 200 });
    expect(opened.nav.index).toBe(1);
  });

  it('follows now over the live window nearest the saved span', () => {
    const history = showRange(initialTrendState, { from: 1, to: 2 });
    const opened = openSavedView(history, {
      pens: [{ tag: 'a/d/x' }],
      range: { kind: 'live', spanMs: 3_600_000 },
    });
    expect(selectView(opened).kind).toBe('live');
    expect(opened.windowMinutes).toBe(60);
    expect([nearestWindow(1_000), nearestWindow(12 * 60_000), nearestWindow(50 * 60_000)]).toEqual([
      1, 10, 60,
    ]);
  });

  it('shows the first pens of a view with more than a trend holds, and says so', () => {
    const pens = Array.from({ length: MAX_PENS + 3 }, (_, i) => ({ tag: `a/d/t${i}` }));
    const opened = openSavedView(initialTrendState, { pens, range: { kind: 'live', spanMs: 600_000 } });
    expect(opened.pens).toHaveLength(MAX_PENS);
    expect(opened.notice).toBe(`A trend holds ${MAX_PENS} pens: the view's last 3 were left out.`);
  });
});

/** The actions against the real dispatcher and a real config.db, through the validating client. */
describe('the saved views actions', () => {
  const dir = makeTempDir();
  const config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  const dispatch = createDispatcher(viewHandlers(config) as Handlers, createMemoryLogger());
  const caller = { user: 'ana', roles: ['operator'] as const };
  const api = createClient({
    request: (method, params) =>
      dispatch(method, params, { caller, session: { subscribe: () => 0, close() {} } }),
    onEvent: () => {},
  });
  const draft = {
    name: 'Pumps',
    pens: [{ tag: 'line1/pump3/flow' }],
    range: { kind: 'live', spanMs: 600_000 },
  } as const;

  beforeAll(() => config.start());
  afterAll(async () => {
    await config.stop();
    dir.remove();
  });
  beforeEach(() => {
    useSavedViewsStore.setState(initialSavedViewsState, true);
    useTrendStore.setState(initialTrendState, true);
  });

  it('saves, lists after a fresh load, opens onto the trend and deletes', async () => {
    const saved = await savedViewsActions.save(api, { ...draft, pens: [...draft.pens] });
    expect(saved).toMatchObject({ name: 'Pumps', savedBy: 'ana' });
    useSavedViewsStore.setState(initialSavedViewsState, true);
    await savedViewsActions.load(api);
    const listed = useSavedViewsStore.getState().views;
    expect(listed.map((v) => v.name)).toEqual(['Pumps']);

    savedViewsActions.open(listed[0]!);
    expect(useTrendStore.getState().pens).toEqual(['line1/pump3/flow']);
    expect(useSavedViewsStore.getState().currentId).toBe(saved!.id);

    await savedViewsActions.remove(api, listed[0]!);
    expect(useSavedViewsStore.getState()).toMatchObject({ views: [], currentId: null, problem: null });
  });

  it("keeps each pen's colour and axis, auto included, exactly through saving and opening", async () => {
    for (const tag of ['line1/pump3/flow', 'line1/pump3/pressure', 'line1/pump3/vibration']) {
      trendActions.addPen(tag);
    }
    trendActions.setPenColour('line1/pump3/flow', '#6e2c4a');
    trendActions.setPenAxis('line1/pump3/flow', { min: -2.5, max: 7.25 });
    trendActions.setPenAxis('line1/pump3/pressure', 'auto');
    const options = useTrendStore.getState().penOptions;
    const saved = await savedViewsActions.save(api, {
      name: 'Styled',
      ...viewOfTrend(useTrendStore.getState()),
    });
    expect(saved?.pens).toEqual([
      { tag: 'line1/pump3/flow', colour: '#6e2c4a', axis: { min: -2.5, max: 7.25 } },
      { tag: 'line1/pump3/pressure', axis: 'auto' },
      { tag: 'line1/pump3/vibration' },
    ]);

    useTrendStore.setState(initialTrendState, true);
    useSavedViewsStore.setState(initialSavedViewsState, true);
    await savedViewsActions.load(api);
    savedViewsActions.open(useSavedViewsStore.getState().views.find((v) => v.name === 'Styled')!);
    expect(useTrendStore.getState().penOptions).toEqual(options);
  });

  it('says why a clashing name was refused, and learns of the view it clashed with', async () => {
    await savedViewsActions.save(api, { ...draft, name: 'Boilers', pens: [...draft.pens] });
    useSavedViewsStore.setState(initialSavedViewsState, true);
    expect(
      await savedViewsActions.save(api, { ...draft, name: 'BOILERS', pens: [...draft.pens] }),
    ).toBeNull();
    const state = useSavedViewsStore.getState();
    expect(state.problem).toBe(
      '“BOILERS” was not saved: a view named "Boilers" already exists: save over it or choose another name',
    );
    expect(findByName(state.views, 'boilers')).toBeDefined();
    expect(state.busy).toBe(false);
  });

  it('treats deleting a view someone else already deleted as done', async () => {
    await savedViewsActions.remove(api, view('6f1c2c1e-1111-4111-8111-111111111111', 'gone'));
    expect(useSavedViewsStore.getState()).toMatchObject({ problem: null, busy: false });
  });
});
