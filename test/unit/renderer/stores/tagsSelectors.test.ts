import { describe, expect, it } from 'vitest';
import { areaOfTag, groupByArea, searchTags } from '../../../../renderer/stores/tagsSelectors.js';
import { applyTagList, emptyTagsState } from '../../../../renderer/stores/tagsModel.js';
import { device, tag } from './fixtures.js';

const state = applyTagList(emptyTagsState, [
  tag('line1/pump1/flow', { description: 'Discharge flow' }),
  tag('line1/pump1/pressure', { description: 'Discharge pressure' }),
  tag('line2/boiler/temperature', { description: 'Steam temperature' }),
]);

describe('tagsSelectors', () => {
  it('takes the area from the first segment of a tag path', () => {
    expect(areaOfTag('line1/pump1/flow')).toBe('line1');
    expect(areaOfTag('solo')).toBe('solo');
  });

  it('finds tags by id or description, every word having to match, case-insensitive', () => {
    expect(searchTags(state, 'discharge').map((t) => t.id)).toEqual([
      'line1/pump1/flow',
      'line1/pump1/pressure',
    ]);
    expect(searchTags(state, 'PUMP1 pressure').map((t) => t.id)).toEqual(['line1/pump1/pressure']);
    expect(searchTags(state, 'steam line2').map((t) => t.id)).toEqual(['line2/boiler/temperature']);
    expect(searchTags(state, 'nothing-like-this')).toEqual([]);
  });

  it('lists every tag for an empty search, up to the limit', () => {
    expect(searchTags(state, '   ', 2)).toHaveLength(2);
  });

  it('groups devices by area, from the device list or else from their tags’ paths', () => {
    const groups = groupByArea(
      { 'line2/boiler': device('line2/boiler', 'utilities'), 'line3/idle': device('line3/idle', 'line3') },
      state.index.byDevice,
    );
    expect(groups.map((g) => [g.area, g.devices.map((d) => d.id), g.tagCount])).toEqual([
      ['line1', ['line1/pump1'], 2],
      ['line3', ['line3/idle'], 0],
      ['utilities', ['line2/boiler'], 1],
    ]);
  });

  it('hands each device card the index’s own tag array, so unchanged cards can skip rendering', () => {
    const [line1] = groupByArea({}, state.index.byDevice);
    expect(line1?.devices[0]?.tagIds).toBe(state.index.byDevice['line1/pump1']);
  });
});
