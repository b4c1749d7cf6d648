import {
  MAX_ALARMS_PER_ACTION,
  MAX_COMMENT,
  type Alarm,
  type AlarmActionResult,
  type AlarmSettings,
} from '../../shared/alarms.js';
import type { ControlRoomApi, MethodName } from '../../shared/contract.js';
import { formatSpan } from '../trend/timeRange.js';
import { ackCommentRequired, maxShelveMs } from '../stores/alarmsSelectors.js';

/**
 * The operator's actions on alarms as the dialogs gather them: what each needs (a comment, a
 * reason, a shelve duration), checked here before anything is sent, then sent in calls of at
 * most MAX_ALARMS_PER_ACTION alarms. The server checks everything again.
 */

export type AlarmActionKind =
  'acknowledge' | 'shelve' | 'unshelve' | 'outOfService' | 'returnToService' | 'reset' | 'note';

export const ACTION_METHOD = {
  acknowledge: 'alarms.acknowledge',
  shelve: 'alarms.shelve',
  unshelve: 'alarms.unshelve',
  outOfService: 'alarms.setOutOfService',
  returnToService: 'alarms.returnToService',
  reset: 'alarms.reset',
  note: 'alarms.addNote',
} as const satisfies Record<AlarmActionKind, MethodName>;

export const ACTION_LABEL: Readonly<Record<AlarmActionKind, string>> = {
  acknowledge: 'Acknowledge',
  shelve: 'Shelve',
  unshelve: 'Unshelve',
  outOfService: 'Take out of service',
  returnToService: 'Return to service',
  reset: 'Reset',
  note: 'Add note',
};

/** Shelve durations offered, up to the priority's maximum (which is always offered too). */
export const SHELVE_CHOICES_MS = [
  15 * 60_000,
  3_600_000,
  4 * 3_600_000,
  8 * 3_600_000,
  86_400_000,
  7 * 86_400_000,
];

export interface ActionForm {
  comment: string;
  shelveMode: 'timed' | 'oneShot';
  durationMs: number;
}

/** What the dialog asks for: whether the comment must be given, and the shelve durations allowed. */
export interface ActionNeeds {
  commentRequired: boolean;
  /** The comment is called a reason (shelve, out of service, note). */
  commentLabel: 'Comment' | 'Reason' | 'Note';
  /** Shelve only: the durations allowed; empty when one of the alarms may not be shelved. */
  durations: number[];
}

export function actionNeeds(
  kind: AlarmActionKind,
  alarms: readonly Pick<Alarm, 'priority'>[],
  settings: AlarmSettings,
): ActionNeeds {
  switch (kind) {
    case 'acknowledge':
      return {
        commentRequired: ackCommentRequired(alarms, settings),
        commentLabel: 'Comment',
        durations: [],
      };
    case 'shelve': {
      const max = maxShelveMs(alarms, settings);
      const durations = max === null ? [] : [...SHELVE_CHOICES_MS.filter((ms) => ms < max), max];
      return { commentRequired: true, commentLabel: 'Reason', durations };
    }
    case 'outOfService':
      return { commentRequired: true, commentLabel: 'Reason', durations: [] };
    case 'note':
      return { commentRequired: true, commentLabel: 'Note', durations: [] };
    default:
      return { commentRequired: false, commentLabel: 'Comment', durations: [] };
  }
}

/** The form's problem in words, or null when it may be sent. */
export function formProblem(kind: AlarmActionKind, needs: ActionNeeds, form: ActionForm): string | null {
  const comment = form.comment.trim();
  if (needs.commentRequired && comment === '')
    return kind === 'acknowledge'
      ? 'a comment is required to acknowledge alarms of this priority'
      : `give a ${needs.commentLabel.toLowerCase()}`;
  if (comment.length > MAX_COMMENT) return `at most ${MAX_COMMENT} characters`;
  if (kind === 'shelve' && needs.durations.length === 0) return 'alarms of this priority may not be shelved';
  if (kind === 'shelve' && form.shelveMode === 'timed' && !needs.durations.includes(form.durationMs))
    return `shelve for at most ${formatSpan(needs.durations.at(-1) ?? 0)}`;
  return null;
}

/** The calls that carry out an action on these alarms, in chunks the contract accepts. */
export function actionCalls(
  kind: AlarmActionKind,
  ids: readonly string[],
  form: ActionForm,
): Array<{ method: (typeof ACTION_METHOD)[AlarmActionKind]; params: Record<string, unknown> }> {
  const comment = form.comment.trim();
  if (kind === 'note') return ids.map((id) => ({ method: ACTION_METHOD.note, params: { id, comment } }));
  const calls = [];
  for (let i = 0; i < ids.length; i += MAX_ALARMS_PER_ACTION) {
    const chunk = ids.slice(i, i + MAX_ALARMS_PER_ACTION);
    const params: Record<string, unknown> =
      kind === 'shelve'
        ? {
            ids: chunk,
            mode: form.shelveMode,
            reason: comment,
            ...(form.shelveMode === 'timed' ? { durationMs: form.durationMs } : {}),
          }
        : kind === 'outOfService'
          ? { ids: chunk, reason: comment }
          : { ids: chunk, comment };
    calls.push({ method: ACTION_METHOD[kind], params });
  }
  return calls;
}

/**
 * Sends an action and applies what it answers (through `apply`, which returns the refusals in
 * words); resolves with every refusal, or throws the call's error.
 */
export async function runAlarmAction(
  api: Pick<ControlRoomApi, 'call'>,
  kind: AlarmActionKind,
  ids: readonly string[],
  form: ActionForm,
  apply: (result: AlarmActionResult) => string[],
): Promise<string[]> {
  const refusals: string[] = [];
  for (const { method, params } of actionCalls(kind, ids, form)) {
    // The params were built for this method above; the server parses them again.
    const result: AlarmActionResult = await api.call(method, params as never);
    refusals.push(...apply(result));
  }
  return refusals;
}
