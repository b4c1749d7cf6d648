import { describe, expect, it } from 'vitest';
import type { Tag } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';
import { axisSize, penAxes, stateRange, stateTicks } from '../../../../renderer/trend/penAxes.js';
import { isStepped, penSpecs } from '../../../../renderer/trend/penStyle.js';
import { cursorReadout } from '../../../../renderer/trend/readout.js';

const STATES = [
  { value: 0, label: 'Stopped' },
  { value: 1, label: 'Running' },
  { value: 2, label: 'Tripped' },
];

const tag = (id: string, extra: Partial<Tag>): Tag => ({
  id,
  device: 'line1/pump1',
  name: id.split('/').at(-1)!,
  description: '',
  unit: '',
  dataType: 'number',
  engLow: null,
  engHigh: null,
  value: null,
  quality: Quality.Good,
  ts: null,
  ...extra,
});

const tags: Record<string, Tag> = {
  'line1/pump1/state': tag('line1/pump1/state', { dataType: 'enum', states: STATES, engLow: 0, engHigh: 2 }),
  'line1/pump2/state': tag('line1/pump2/state', { dataType: 'enum', states: STATES, engLow: 0, engHigh: 2 }),
  'line1/pump1/running': tag('line1/pump1/running', { dataType: 'boolean' }),
  'line1/pump1/flow': tag('line1/pump1/flow', { unit: 'm³/h', engLow: 0, engHigh: 200 }),
};

describe('enum pens', () => {
  const specs = penSpecs(
    ['line1/pump1/state', 'line1/pump2/state', 'line1/pump1/running', 'line1/pump1/flow'],
    tags,
  );

  it('draw enums and booleans as steps, and analog values as lines', () => {
    expect(specs.map(isStepped)).toEqual([true, true, true, false]);
    expect(specs[0]?.states).toEqual(STATES);
    expect(specs[3]?.states).toBeUndefined();
  });

  it('get an axis each, from their first to their last state, ticked and named at every state', () => {
    const axes = penAxes(specs);
    expect(axes.map((axis) => [axis.label, axis.range, axis.states?.length ?? 0])).toEqual([
      ['P1', [0, 2], 3],
      ['P2', [0, 2], 3],
      ['P3', [0, 1], 0],
      ['P4 m³/h', [0, 200], 0],
    ]);
    const ticks = stateTicks(STATES);
    expect(ticks.values(null, ticks.splits())).toEqual(['Stopped', 'Running', 'Tripped']);
    expect(ticks.values(null, [7])).toEqual(['7']);
    expect(stateRange([{ value: 3, label: 'Only' }])).toEqual([2.5, 3.5]);
  });

  it('make room on the axis for the longest state name, within bounds', () => {
    expect(axisSize({})).toBe(48);
    expect(axisSize({ states: STATES })).toBeGreaterThan(48);
    expect(axisSize({ states: [{ value: 0, label: 'x'.repeat(64) }] })).toBe(120);
  });

  it('read as their state at the crosshair', () => {
    const readout = cursorReadout(
      1000,
      specs.slice(0, 1),
      () => ({ ts: 900, value: 2, quality: Quality.Good }),
      false,
    );
    expect(readout.pens[0]).toMatchObject({ value: 'Tripped', state: 'good' });
  });
});
