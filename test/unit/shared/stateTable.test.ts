import { describe, expect, it } from 'vitest';
import { MAX_STATES, sameStates, stateLabel } from '../../../shared/domain.js';
import { formatStateTable, parseStateTable } from '../../../shared/stateTable.js';

describe('state tables', () => {
  it('reads `0=Stopped;1=Running;2=Tripped` into states in value order, and writes it back', () => {
    const { states, invalid } = parseStateTable(' 2 = Tripped ;0=Stopped;1=Running;');
    expect(states).toEqual([
      { value: 0, label: 'Stopped' },
      { value: 1, label: 'Running' },
      { value: 2, label: 'Tripped' },
    ]);
    expect(invalid).toEqual([]);
    expect(formatStateTable(states)).toBe('0=Stopped;1=Running;2=Tripped');
  });

  it('keeps what it can read, keeps the first label of a value named twice, and lists the rest', () => {
    const { states, invalid } = parseStateTable('0=Off;0=Again;x=Lost;3=;-1=Fault;1.5=Half');
    expect(states).toEqual([
      { value: -1, label: 'Fault' },
      { value: 0, label: 'Off' },
    ]);
    expect(invalid).toEqual(['x=Lost', '3=', '1.5=Half']);
  });

  it(`refuses labels over 64 characters and tables of more than ${MAX_STATES} states`, () => {
    expect(parseStateTable(`0=${'a'.repeat(65)}`).states).toEqual([]);
    const many = Array.from({ length: MAX_STATES + 1 }, (_, i) => `${i}=S${i}`).join(';');
    const { states, invalid } = parseStateTable(many);
    expect(states).toHaveLength(MAX_STATES);
    expect(invalid).toEqual([`${MAX_STATES}=S${MAX_STATES}`]);
  });

  it('names a value by its state, and nothing for a value the table does not know', () => {
    const states = parseStateTable('0=Stopped;1=Running').states;
    expect(stateLabel(states, 1)).toBe('Running');
    expect(stateLabel(states, 7)).toBeUndefined();
    expect(stateLabel(undefined, 1)).toBeUndefined();
    expect(sameStates(states, [...states])).toBe(true);
    expect(sameStates(states, undefined)).toBe(false);
  });
});
