import type { AlarmAction, AlarmActor, AlarmSettings, ShelveMode } from '../../shared/alarms.js';
import type { RemoteDelivery } from './ports.js';
import type { AlarmRecord } from './model/alarmRecord.js';
import * as rules from './model/operatorRules.js';
import type { Refusal } from './model/operatorRules.js';
import type { AlarmTable } from './model/alarmTable.js';
import { remoteDecision } from './model/remoteRules.js';
import * as t from './model/transitions.js';

/**
 * One operator action on one alarm: checked (a refusal), else carried out through the state
 * machine and answered with the action to share with the other stations.
 */
export interface ActionStep {
  check(alarm: AlarmRecord): Refusal | null;
  apply(alarm: AlarmRecord, actor: AlarmActor): AlarmAction;
}

export interface ActionContext {
  table: AlarmTable;
  journal: t.Journal;
  settings(): AlarmSettings;
  monoMs(): number;
}

export function acknowledgeStep(context: ActionContext, comment: string): ActionStep {
  return {
    check: (alarm) => rules.ackRefusal(alarm, comment, context.settings()),
    apply: (alarm, by) => {
      const action: AlarmAction = {
        type: 'acknowledge',
        alarm: alarm.id,
        by,
        activeSinceMs: alarm.activeSinceMs,
        level: alarm.level,
      };
      t.acknowledge(alarm, by, context.table.now(alarm), context.journal);
      return action;
    },
  };
}

export function shelveStep(
  context: ActionContext,
  mode: ShelveMode,
  durationMs: number | undefined,
): ActionStep {
  return {
    check: (alarm) => rules.shelveRefusal(alarm, mode, durationMs, context.settings()),
    apply: (alarm, by) => {
      const timed = mode === 'timed' && durationMs !== undefined;
      const untilMs = timed ? by.atMs + durationMs : null;
      // The granted duration on the monotonic clock: see ShelveTimer for the clock-jump rule.
      alarm.shelveMonoDeadline = timed ? context.monoMs() + durationMs : null;
      t.shelve(alarm, { ...by, mode, untilMs }, context.table.now(alarm), context.journal);
      return { type: 'shelve', alarm: alarm.id, by, mode, untilMs };
    },
  };
}

export function unshelveStep(context: ActionContext): ActionStep {
  return {
    check: rules.unshelveRefusal,
    apply: (alarm, by) => {
      t.unshelve(alarm, by, context.table.now(alarm), context.journal);
      return { type: 'unshelve', alarm: alarm.id, by };
    },
  };
}

export function outOfServiceStep(context: ActionContext): ActionStep {
  return {
    check: rules.outOfServiceRefusal,
    apply: (alarm, by) => {
      t.takeOutOfService(alarm, by, context.table.now(alarm), context.journal);
      return { type: 'outOfService', alarm: alarm.id, by };
    },
  };
}

export function returnToServiceStep(context: ActionContext): ActionStep {
  return {
    check: rules.returnToServiceRefusal,
    apply: (alarm, by) => {
      t.returnToService(alarm, by, context.table.now(alarm), context.journal);
      return { type: 'returnToService', alarm: alarm.id, by };
    },
  };
}

export function resetStep(context: ActionContext): ActionStep {
  return {
    check: rules.resetRefusal,
    apply: (alarm, by) => {
      t.reset(alarm, by, context.table.now(alarm), context.journal);
      return { type: 'reset', alarm: alarm.id, by };
    },
  };
}

export function noteStep(context: ActionContext): ActionStep {
  return {
    check: () => null,
    apply: (alarm, by) => {
      t.note(alarm, by, context.table.now(alarm), context.journal);
      return { type: 'note', alarm: alarm.id, by };
    },
  };
}

/**
 * Another station's action, applied by the rules of remoteRules.ts; what is not applied is
 * journaled as a note when it says something (a duplicate acknowledgement, a superseded shelve).
 * Journaled at the time the operator acted, with their name and station.
 */
export function applyRemote(
  context: ActionContext,
  alarm: AlarmRecord,
  action: AlarmAction,
  delivery: RemoteDelivery,
): void {
  const decision = remoteDecision(alarm, action, delivery);
  const at = { ...context.table.now(alarm), ts: action.by.atMs };
  const { journal } = context;
  if (!decision.apply) {
    t.note(alarm, { user: action.by.user, station: action.by.station, comment: decision.note }, at, journal);
    if ('earlierAck' in decision) t.creditAck(alarm, action.by);
    return;
  }
  switch (action.type) {
    case 'acknowledge':
      return t.acknowledge(alarm, action.by, at, journal);
    case 'shelve':
      alarm.shelveMonoDeadline = null; // derived from untilMs: the other station granted it
      return t.shelve(alarm, { ...action.by, mode: action.mode, untilMs: action.untilMs }, at, journal);
    case 'unshelve':
      return t.unshelve(alarm, action.by, at, journal);
    case 'outOfService':
      return t.takeOutOfService(alarm, action.by, at, journal);
    case 'returnToService':
      return t.returnToService(alarm, action.by, at, journal);
    case 'reset':
      return t.reset(alarm, action.by, at, journal);
    case 'note':
      return t.note(alarm, action.by, at, journal);
  }
}
