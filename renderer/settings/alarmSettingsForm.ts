import type { z } from 'zod';
import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import { AlarmSettingsSchema, type AlarmSettings } from '../../shared/alarms.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';

/**
 * The alarm settings as the Settings screen edits them, and back. A shelve limit is typed as an
 * operator thinks of it, an amount in minutes, hours or days, and "cannot be shelved" is a choice of
 * its own rather than an empty box, so that forbidding shelving is never an accident. What the
 * form gives is checked with the schema the server checks, so every problem shows before Save.
 */
export type ShelveUnit = 'min' | 'h' | 'd' | 'never';

export interface PriorityForm {
  commentRequired: boolean;
  /** The amount as typed; kept while "cannot be shelved" is chosen, so choosing back restores it. */
  shelveAmount: string;
  shelveUnit: ShelveUnit;
}

export interface AlarmSettingsForm {
  priorities: Record<AlarmPriority, PriorityForm>;
  retentionDays: string;
}

/** Most urgent first, as the alarm list and banner count them (ISA-101 priority 1 to 4). */
export const FORM_PRIORITIES: readonly AlarmPriority[] = ['critical', 'high', 'medium', 'low'];

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const UNIT_MS: Record<Exclude<ShelveUnit, 'never'>, number> = { min: MINUTE, h: HOUR, d: DAY };

function priorityForm(commentRequired: boolean, maxShelveMs: number | null): PriorityForm {
  if (maxShelveMs === null) return { commentRequired, shelveAmount: '', shelveUnit: 'never' };
  const unit = maxShelveMs % DAY === 0 ? 'd' : maxShelveMs % HOUR === 0 ? 'h' : 'min';
  return { commentRequired, shelveAmount: String(maxShelveMs / UNIT_MS[unit]), shelveUnit: unit };
}

export function formFromSettings(settings: AlarmSettings): AlarmSettingsForm {
  const entry = (p: AlarmPriority) =>
    [p, priorityForm(settings.ackCommentRequired[p], settings.maxShelveMs[p])] as const;
  return {
    priorities: Object.fromEntries(FORM_PRIORITIES.map(entry)) as Record<AlarmPriority, PriorityForm>,
    retentionDays: String(settings.journalRetentionDays),
  };
}

export type FormResult = { ok: true; settings: AlarmSettings } | { ok: false; problems: string[] };

/** The settings a form says, or every problem in it, each named by the field it is shown in. */
export function settingsFromForm(form: AlarmSettingsForm): FormResult {
  const problems: string[] = [];
  const num = (label: string, text: string): number => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) problems.push(`${label}: give a number`);
    return value;
  };
  const shelve = (p: AlarmPriority): number | null => {
    const { shelveAmount, shelveUnit } = form.priorities[p];
    if (shelveUnit === 'never') return null;
    return Math.round(num(`${PRIORITY_LABEL[p]}: longest shelve`, shelveAmount) * UNIT_MS[shelveUnit]);
  };
  const perPriority = <T>(value: (p: AlarmPriority) => T) =>
    Object.fromEntries(FORM_PRIORITIES.map((p) => [p, value(p)])) as Record<AlarmPriority, T>;
  const input = {
    ackCommentRequired: perPriority((p) => form.priorities[p].commentRequired),
    maxShelveMs: perPriority(shelve),
    journalRetentionDays: num('Journal kept for', form.retentionDays),
  };
  if (problems.length > 0) return { ok: false, problems };
  const parsed = AlarmSettingsSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, problems: [...parsed.error.issues].sort(inFormOrder).map(describeIssue) };
  return { ok: true, settings: parsed.data };
}

/** Whether the form says something other than the stored settings (a Save would change them). */
export function formChanged(form: AlarmSettingsForm, stored: AlarmSettings): boolean {
  const result = settingsFromForm(form);
  return !result.ok || JSON.stringify(result.settings) !== JSON.stringify(stored);
}

/** Whether a priority's row says something other than what is in force for it (`48 h` is `2 days`). */
export function priorityEdited(row: PriorityForm, stored: AlarmSettings, p: AlarmPriority): boolean {
  const amount = row.shelveAmount.trim() === '' ? NaN : Number(row.shelveAmount);
  const ms = row.shelveUnit === 'never' ? null : Math.round(amount * UNIT_MS[row.shelveUnit]);
  return row.commentRequired !== stored.ackCommentRequired[p] || ms !== stored.maxShelveMs[p];
}

/** `30 days`, `8 h`, `1 min`: a shelve limit or bound in the words the form uses. */
export function spanWords(ms: number): string {
  if (ms % DAY === 0 && ms >= DAY) return `${ms / DAY} day${ms === DAY ? '' : 's'}`;
  if (ms % HOUR === 0 && ms >= HOUR) return `${ms / HOUR} h`;
  return `${Math.round((ms / MINUTE) * 100) / 100} min`;
}

/** Problems in the order the form shows their fields: priorities most urgent first, then the journal. */
function inFormOrder(a: z.core.$ZodIssue, b: z.core.$ZodIssue): number {
  const rank = (issue: z.core.$ZodIssue) => {
    const index = FORM_PRIORITIES.indexOf(issue.path[1] as AlarmPriority);
    return index === -1 ? FORM_PRIORITIES.length : index;
  };
  return rank(a) - rank(b);
}

/** A schema issue in the form's words; the bounds come from the schema itself. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const [group, priority] = issue.path;
  const isShelve = group === 'maxShelveMs';
  const field = isShelve
    ? `${PRIORITY_LABEL[priority as AlarmPriority] ?? String(priority)}: longest shelve`
    : group === 'journalRetentionDays'
      ? 'Journal kept for'
      : issue.path.join('.');
  const amount = (n: number) => (isShelve ? spanWords(n) : `${n} day${n === 1 ? '' : 's'}`);
  if (issue.code === 'too_small') return `${field}: at least ${amount(Number(issue.minimum))}`;
  if (issue.code === 'too_big') return `${field}: at most ${amount(Number(issue.maximum))}`;
  // Shelve limits are rounded to whole milliseconds before the check: only days can be fractional.
  if (issue.code === 'invalid_type' && issue.expected === 'int') return `${field}: a whole number of days`;
  return `${field}: ${issue.message}`;
}
