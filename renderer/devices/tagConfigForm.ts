import { describeZodError } from '../../shared/errors.js';
import { TagConfigSchema, type TagConfig } from '../../shared/tagConfig.js';
import {
  alarmsFormFromDefinitions,
  definitionsFromAlarmsForm,
  type AlarmsForm,
} from './alarmDefinitionForm.js';

/**
 * The tag editor's fields as typed: text, so that a half-typed number is not lost or coerced. An
 * empty field is not configured — the tag follows its device there.
 */
export interface TagConfigForm {
  description: string;
  unit: string;
  engLow: string;
  engHigh: string;
  decimals: string;
  storageDeadband: string;
  /** Every alarm family (alarmDefinitionForm.ts), shown or not: an edit never drops one. */
  alarms: AlarmsForm;
  /** A JSON tag's command definition as JSON text (see shared/commands.ts); empty: none. */
  command: string;
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

export function formFromConfig(config: TagConfig): TagConfigForm {
  return {
    description: config.description ?? '',
    unit: config.unit ?? '',
    engLow: text(config.engRange?.low),
    engHigh: text(config.engRange?.high),
    decimals: text(config.decimals),
    storageDeadband: text(config.storageDeadband),
    alarms: alarmsFormFromDefinitions(config.alarms),
    command: config.command ? JSON.stringify(config.command, null, 2) : '',
  };
}

/**
 * A typed number: `''` is "not set", anything else must read as a finite number whole
 * (`12abc`, `NaN` and `Infinity` are refused here rather than sent).
 */
function number(field: string, raw: string, errors: string[]): number | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    errors.push(`${field}: “${trimmed.slice(0, 20)}” is not a finite number`);
    return undefined;
  }
  return value;
}

/** The configuration a form describes, checked with the contract's schema, or what is wrong with it. */
export function configFromForm(
  form: TagConfigForm,
): { ok: true; config: TagConfig } | { ok: false; error: string } {
  const errors: string[] = [];
  const engLow = number('low', form.engLow, errors);
  const engHigh = number('high', form.engHigh, errors);
  if ((engLow === undefined) !== (engHigh === undefined) && errors.length === 0)
    errors.push('the engineering range needs both low and high (or neither)');
  const draft: Record<string, unknown> = {};
  if (form.description.trim() !== '') draft.description = form.description;
  if (form.unit.trim() !== '') draft.unit = form.unit;
  if (engLow !== undefined && engHigh !== undefined) draft.engRange = { low: engLow, high: engHigh };
  const decimals = number('decimals', form.decimals, errors);
  if (decimals !== undefined) draft.decimals = decimals;
  const deadband = number('storage deadband', form.storageDeadband, errors);
  if (deadband !== undefined) draft.storageDeadband = deadband;
  const alarms = definitionsFromAlarmsForm(form.alarms);
  errors.push(...alarms.errors);
  if (alarms.drafts.length > 0) draft.alarms = alarms.drafts;
  if (form.command.trim() !== '') {
    try {
      draft.command = JSON.parse(form.command) as unknown;
    } catch {
      errors.push('command definition: not valid JSON');
    }
  }
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  const parsed = TagConfigSchema.safeParse(draft);
  return parsed.success
    ? { ok: true, config: parsed.data }
    : { ok: false, error: describeZodError(parsed.error) };
}
