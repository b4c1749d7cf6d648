import { afterEach, describe, expect, it } from 'vitest';
import {
  addEventTag,
  initialTrendState,
  MAX_EVENT_TAGS,
  removeEventTag,
  trendActions,
  useTrendStore,
} from '../../../../renderer/stores/trendStore.js';
import { tagsActions } from '../../../../renderer/stores/tagsStore.js';
import { Quality } from '../../../../shared/quality.js';

const meta = (id: string, dataType: 'string' | 'number') => ({
  id,
  device: 'line1/conveyor1',
  name: id.split('/').at(-1)!,
  description: '',
  unit: '',
  dataType,
  engLow: null,
  engHigh: null,
  value: null,
  quality: Quality.Good,
  ts: null,
});

describe('string tags on the Trends screen', () => {
  afterEach(() => {
    useTrendStore.setState(initialTrendState, true);
    tagsActions.reset();
  });

  it('lists up to four string tags in the Events panel and says why a fifth is not added', () => {
    let state = initialTrendState;
    for (let i = 1; i <= MAX_EVENT_TAGS; i++) state = addEventTag(state, `line${i}/conveyor1/batch`);
    expect(state.eventTags).toHaveLength(MAX_EVENT_TAGS);
    expect(addEventTag(state, 'line1/conveyor1/batch')).toBe(state);
    const full = addEventTag(state, 'line9/conveyor1/batch');
    expect(full.eventTags).toEqual(state.eventTags);
    expect(full.notice).toMatch(/Events panel lists 4 tags/);
    expect(removeEventTag(state, 'line1/conveyor1/batch').eventTags).toHaveLength(MAX_EVENT_TAGS - 1);
  });

  it('never makes a string tag a pen: adding it lists its events instead', () => {
    tagsActions.loadList([meta('line1/conveyor1/batch', 'string'), meta('line1/conveyor1/speed', 'number')]);
    expect(trendActions.addTag('line1/conveyor1/batch')).toBe(true);
    expect(trendActions.addTag('line1/conveyor1/speed')).toBe(true);
    expect(useTrendStore.getState()).toMatchObject({
      pens: ['line1/conveyor1/speed'],
      eventTags: ['line1/conveyor1/batch'],
    });
    trendActions.toggleTag('line1/conveyor1/batch');
    trendActions.toggleTag('line1/conveyor1/speed');
    expect(useTrendStore.getState()).toMatchObject({ pens: [], eventTags: [] });
  });
});
