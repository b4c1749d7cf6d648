import { create } from 'zustand';
import type { CommandOutcome, CommandRecord } from '../../shared/commands.js';
import { hasRole, type Role } from '../../shared/roles.js';

/** Most journal records the screen keeps; older ones are a `commands.list` away. */
export const MAX_SHOWN_COMMANDS = 50;

/** Recent commands (newest first) as the journal and live `onCommand` events tell them, and who we are. */
export interface CommandsState {
  records: readonly CommandRecord[];
  caller: { user: string; roles: readonly Role[] } | null;
}

export const emptyCommandsState: CommandsState = { records: [], caller: null };

/** A record, new or moved on to its next outcome, in its place by id; newest first, bounded. */
export function applyRecord(state: CommandsState, record: CommandRecord): CommandsState {
  const others = state.records.filter((r) => r.id !== record.id);
  const records = [...others, record].sort((a, b) => b.id - a.id).slice(0, MAX_SHOWN_COMMANDS);
  return { ...state, records };
}

/** A journal snapshot; a live record newer than the snapshot's copy of it is kept. */
export function applyJournal(state: CommandsState, journal: readonly CommandRecord[]): CommandsState {
  const live = new Map(state.records.map((r) => [r.id, r]));
  let next: CommandsState = { ...state, records: [] };
  for (const record of journal) {
    const mine = live.get(record.id);
    next = applyRecord(next, mine && mine.outcomeAt > record.outcomeAt ? mine : record);
  }
  for (const record of state.records)
    if (!journal.some((r) => r.id === record.id)) next = applyRecord(next, record);
  return next;
}

export function canWrite(state: CommandsState): boolean {
  return state.caller !== null && hasRole(state.caller, 'engineer');
}

/** An outcome in words, with a symbol: never told by colour alone. */
export const OUTCOME_WORDS: Readonly<Record<CommandOutcome, string>> = {
  sending: '… SENDING',
  sent: '→ SENT, waiting for the device',
  echoed: '✓ ECHOED: the device reports the new value',
  timedOut: '⚠ TIMED OUT: the device did not report the new value',
  refused: '✕ REFUSED: not sent',
};

export const useCommandsStore = create<CommandsState>()(() => emptyCommandsState);

export const commandsActions = {
  apply(record: CommandRecord): void {
    useCommandsStore.setState((state) => applyRecord(state, record), true);
  },
  loadJournal(journal: readonly CommandRecord[]): void {
    useCommandsStore.setState((state) => applyJournal(state, journal), true);
  },
  setCaller(caller: CommandsState['caller']): void {
    useCommandsStore.setState((state) => ({ ...state, caller }), true);
  },
};
