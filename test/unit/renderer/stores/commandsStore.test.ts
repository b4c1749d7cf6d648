import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../../shared/commands.js';
import {
  MAX_SHOWN_COMMANDS,
  applyJournal,
  applyRecord,
  canWrite,
  emptyCommandsState,
} from '../../../../renderer/stores/commandsStore.js';

const record = (id: number, outcome: CommandRecord['outcome'], outcomeAt = id): CommandRecord => ({
  id,
  user: 'erin',
  requestedAt: id,
  tag: 'line1/pump1/speed_setpoint',
  target: { kind: 'sparkplug', broker: 'site', topic: 't', metric: 'speed_setpoint', datatype: 'Double' },
  oldValue: 100,
  newValue: 55,
  outcome,
  outcomeAt,
  detail: '',
});

describe('the commands store', () => {
  it('moves a command on through its outcomes in place, newest command first', () => {
    let state = applyRecord(emptyCommandsState, record(1, 'sending'));
    state = applyRecord(state, record(2, 'sending'));
    state = applyRecord(state, record(1, 'echoed', 10));
    expect(state.records.map((r) => [r.id, r.outcome])).toEqual([
      [2, 'sending'],
      [1, 'echoed'],
    ]);
  });

  it('keeps at most the newest commands it shows', () => {
    let state = emptyCommandsState;
    for (let id = 1; id <= MAX_SHOWN_COMMANDS + 5; id++) state = applyRecord(state, record(id, 'sent'));
    expect(state.records).toHaveLength(MAX_SHOWN_COMMANDS);
    expect(state.records[0]?.id).toBe(MAX_SHOWN_COMMANDS + 5);
  });

  it('takes a journal snapshot without losing a live outcome that is newer', () => {
    const live = applyRecord(emptyCommandsState, record(3, 'echoed', 50));
    const state = applyJournal(live, [record(3, 'sent', 20), record(2, 'timedOut')]);
    expect(state.records.map((r) => [r.id, r.outcome])).toEqual([
      [3, 'echoed'],
      [2, 'timedOut'],
    ]);
  });

  it('offers writing to engineers (and admins) only', () => {
    expect(canWrite(emptyCommandsState)).toBe(false);
    expect(canWrite({ ...emptyCommandsState, caller: { user: 'o', roles: ['operator'] } })).toBe(false);
    expect(canWrite({ ...emptyCommandsState, caller: { user: 'e', roles: ['engineer'] } })).toBe(true);
    expect(canWrite({ ...emptyCommandsState, caller: { user: 'a', roles: ['admin'] } })).toBe(true);
  });
});
