import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import {
  applyDiscovered,
  applyTagList,
  applyTagValues,
  emptyTagsState,
  type TagsState,
} from '../../../../renderer/stores/tagsModel.js';
import { tag } from './fixtures.js';

const loaded = (): TagsState =>
  applyTagList(emptyTagsState, [tag('l1/pump1/flow'), tag('l1/pump1/pressure'), tag('l1/mixer/speed')]);

describe('tagsModel', () => {
  it('a value batch replaces only the tags it names; the rest keep their objects and the index stays', () => {
    const before = loaded();
    const after = applyTagValues(before, [
      { id: 'l1/pump1/flow', value: 7, quality: Quality.Good, ts: 2_000 },
    ]);
    expect(after.tags['l1/pump1/flow']).toMatchObject({ value: 7, ts: 2_000, unit: 'bar' });
    expect(after.tags['l1/pump1/pressure']).toBe(before.tags['l1/pump1/pressure']);
    expect(after.index).toBe(before.index);
  });

  it('ignores a value older than the one shown', () => {
    const before = loaded();
    const after = applyTagValues(before, [{ id: 'l1/pump1/flow', value: 9, quality: Quality.Good, ts: 500 }]);
    expect(after).toBe(before);
  });

  it('returns the same state for a batch that changes nothing, so no component re-renders', () => {
    const before = loaded();
    expect(
      applyTagValues(before, [{ id: 'l1/pump1/flow', value: 1, quality: Quality.Good, ts: 1_000 }]),
    ).toBe(before);
    expect(applyTagValues(before, [])).toBe(before);
  });

  it('applies a quality change at the same timestamp, such as a tag turning stale', () => {
    const stale = Quality.UncertainNoCommunicationLastUsableValue;
    const after = applyTagValues(loaded(), [{ id: 'l1/pump1/flow', value: 1, quality: stale, ts: 1_000 }]);
    expect(after.tags['l1/pump1/flow']?.quality).toBe(stale);
  });

  it('shows a value for a tag not yet described under the `area/device` its path names', () => {
    const after = applyTagValues(loaded(), [
      { id: 'l2/boiler/temp', value: 80, quality: Quality.Good, ts: 3_000 },
    ]);
    expect(after.tags['l2/boiler/temp']).toMatchObject({ device: 'l2/boiler', name: 'temp', value: 80 });
    expect(after.index.byDevice['l2/boiler']).toEqual(['l2/boiler/temp']);
  });

  it('keeps a live value that is newer than the tags.list snapshot', () => {
    const live = applyTagValues(loaded(), [
      { id: 'l1/pump1/flow', value: 7, quality: Quality.Good, ts: 5_000 },
    ]);
    const reloaded = applyTagList(live, [tag('l1/pump1/flow', { value: 3, ts: 4_000, unit: 'm3/h' })]);
    expect(reloaded.tags['l1/pump1/flow']).toMatchObject({ value: 7, ts: 5_000, unit: 'm3/h' });
  });

  it('keeps the objects of tags that a reloaded list did not change, so their rows do not re-render', () => {
    const before = loaded();
    const reloaded = applyTagList(before, [
      tag('l1/pump1/flow'),
      tag('l1/pump1/pressure', { value: 2, ts: 2_000 }),
    ]);
    expect(reloaded.tags['l1/pump1/flow']).toBe(before.tags['l1/pump1/flow']);
    expect(reloaded.tags['l1/pump1/pressure']).not.toBe(before.tags['l1/pump1/pressure']);
  });

  it('drops tags the server no longer lists when the list is reloaded', () => {
    const reloaded = applyTagList(loaded(), [tag('l1/pump1/flow')]);
    expect(Object.keys(reloaded.tags)).toEqual(['l1/pump1/flow']);
    expect(reloaded.index.byDevice['l1/mixer']).toBeUndefined();
  });

  it('adds discovered tags as waiting for data, grouped under their device', () => {
    const { value: _value, quality: _quality, ts: _ts, ...meta } = tag('l1/pump1/vibration');
    const after = applyDiscovered(loaded(), [meta]);
    expect(after.tags['l1/pump1/vibration']).toMatchObject({
      value: null,
      ts: null,
      quality: Quality.BadWaitingForInitialData,
    });
    expect(after.index.byDevice['l1/pump1']).toContain('l1/pump1/vibration');
  });

  it('updates metadata on rediscovery and keeps the current value', () => {
    const before = loaded();
    const {
      value: _value,
      quality: _quality,
      ts: _ts,
      ...meta
    } = tag('l1/pump1/flow', { unit: 'l/s', engHigh: 50 });
    const after = applyDiscovered(before, [meta]);
    expect(after.tags['l1/pump1/flow']).toMatchObject({ unit: 'l/s', engHigh: 50, value: 1, ts: 1_000 });
    expect(after.index).toBe(before.index);
    expect(applyDiscovered(after, [meta])).toBe(after);
  });

  it('takes new alarm limits from a rebirth, and nothing changes when they are the same', () => {
    const before = loaded();
    const { value: _value, quality: _quality, ts: _ts, ...meta } = tag('l1/pump1/pressure');
    const limits = [{ kind: 'H' as const, value: 9.5 }];
    const after = applyDiscovered(before, [{ ...meta, limits }]);
    expect(after.tags['l1/pump1/pressure']).toMatchObject({ limits, value: 1 });
    expect(applyDiscovered(after, [{ ...meta, limits: [{ kind: 'H', value: 9.5 }] }])).toBe(after);
  });

  it('keeps the tag list of a device whose tags did not change when another device gains one', () => {
    const before = loaded();
    const after = applyTagValues(before, [{ id: 'l1/mixer/torque', value: 1, quality: Quality.Good, ts: 1 }]);
    expect(after.index.byDevice['l1/pump1']).toBe(before.index.byDevice['l1/pump1']);
    expect(after.index.byDevice['l1/mixer']).not.toBe(before.index.byDevice['l1/mixer']);
  });

  it('orders tags as an operator reads them: pump2 before pump10', () => {
    const state = applyTagList(emptyTagsState, [tag('a/pump10/x'), tag('a/pump2/x'), tag('a/pump1/x')]);
    expect(state.index.ids).toEqual(['a/pump1/x', 'a/pump2/x', 'a/pump10/x']);
  });
});
