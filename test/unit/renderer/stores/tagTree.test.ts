import { describe, expect, it } from 'vitest';
import { buildTagTree, countPens, treePath } from '../../../../renderer/stores/tagTree.js';
import { applyTagList, emptyTagsState } from '../../../../renderer/stores/tagsModel.js';
import { tag } from './fixtures.js';

const state = applyTagList(emptyTagsState, [
  tag('line2/boiler/temperature', { description: 'Steam temperature' }),
  tag('line1/pump10/flow', { description: 'Discharge flow' }),
  tag('line1/pump2/flow', { description: 'Discharge flow' }),
  tag('line1/pump2/pressure', { description: 'Discharge pressure' }),
  tag('line1/pump2/motor/current', { description: 'Motor current' }),
]);

const outline = (query: string) =>
  buildTagTree(state, query).areas.map((area) => [
    area.name,
    area.devices.map((device) => [device.name, device.tagIds]),
  ]);

describe('tagTree', () => {
  it('groups tags by area, then device, in operator order', () => {
    expect(outline('')).toEqual([
      [
        'line1',
        [
          ['pump2', ['line1/pump2/flow', 'line1/pump2/motor/current', 'line1/pump2/pressure']],
          ['pump10', ['line1/pump10/flow']],
        ],
      ],
      ['line2', [['boiler', ['line2/boiler/temperature']]]],
    ]);
  });

  it('keeps deeper paths under their device, named by the rest of the path', () => {
    expect(treePath('line1/pump2/motor/current')).toEqual({
      area: 'line1',
      device: 'line1/pump2',
      name: 'motor/current',
    });
    expect(treePath('standalone')).toEqual({ area: 'standalone', device: 'standalone/', name: 'standalone' });
  });

  it('filters the tree to tags whose id or description matches every word', () => {
    expect(outline('discharge pump2')).toEqual([
      ['line1', [['pump2', ['line1/pump2/flow', 'line1/pump2/pressure']]]],
    ]);
    expect(outline('STEAM')).toEqual([['line2', [['boiler', ['line2/boiler/temperature']]]]]);
    expect(buildTagTree(state, 'nothing like this').shown).toBe(0);
  });

  it('stops at the limit and says the list was cut', () => {
    const tree = buildTagTree(state, 'flow', 1);
    expect(tree.shown).toBe(1);
    expect(tree.truncated).toBe(true);
  });

  it('counts how many tags of a group are on the trend', () => {
    expect(countPens(['a/b/x', 'a/b/y', 'a/b/z'], ['a/b/y', 'c/d/e', 'a/b/z'])).toBe(2);
  });
});
