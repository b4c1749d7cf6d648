import type { AlarmPriority } from '../../shared/alarmDefinitions.js';
import type { AlarmSettings } from '../../shared/alarms.js';
import { PRIORITY_LABEL } from '../alarms/priorityText.js';
import {
  FORM_PRIORITIES,
  priorityEdited,
  type AlarmSettingsForm,
  type PriorityForm,
  type ShelveUnit,
} from '../settings/alarmSettingsForm.js';
import { shelveWords } from '../settings/settingsChanges.js';
import { AlarmIndicator } from './AlarmIndicator.js';

const UNIT_LABEL: Readonly<Record<ShelveUnit, string>> = {
  min: 'minutes',
  h: 'hours',
  d: 'days',
  never: 'cannot be shelved',
};

/**
 * The alarm settings as a table, one row per priority (most urgent first, each with its
 * indicator), then the journal's retention. Beside each row is what is in force now, and a row
 * edited away from it is marked, so an engineer reviews every pending change before Save.
 */
export function AlarmSettingsFields({
  form,
  stored,
  set,
}: {
  form: AlarmSettingsForm;
  stored: AlarmSettings;
  set: (form: AlarmSettingsForm) => void;
}) {
  const setPriority = (p: AlarmPriority, patch: Partial<PriorityForm>) =>
    set({ ...form, priorities: { ...form.priorities, [p]: { ...form.priorities[p], ...patch } } });
  return (
    <>
      <table className="settings-table" data-testid="alarm-settings-table">
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">Acknowledgement needs a comment</th>
            <th scope="col">Longest shelve</th>
            <th scope="col">In force now</th>
          </tr>
        </thead>
        <tbody>
          {FORM_PRIORITIES.map((p) => (
            <PriorityRow
              key={p}
              priority={p}
              row={form.priorities[p]}
              edited={priorityEdited(form.priorities[p], stored, p)}
              stored={stored}
              set={(patch) => setPriority(p, patch)}
            />
          ))}
        </tbody>
      </table>
      <label className="settings-field">
        <span>Alarm journal kept for</span>
        <input
          type="text"
          inputMode="numeric"
          data-testid="alarm-setting-retention"
          value={form.retentionDays}
          onChange={(event) => set({ ...form, retentionDays: event.target.value })}
        />
        <span>days</span>
        <span className="calm-note">
          Journal lines older than this are deleted (in force now: {stored.journalRetentionDays} days).
        </span>
      </label>
    </>
  );
}

function PriorityRow({
  priority,
  row,
  edited,
  stored,
  set,
}: {
  priority: AlarmPriority;
  row: PriorityForm;
  edited: boolean;
  stored: AlarmSettings;
  set: (patch: Partial<PriorityForm>) => void;
}) {
  const label = PRIORITY_LABEL[priority];
  const never = row.shelveUnit === 'never';
  return (
    <tr
      className={edited ? 'edited' : undefined}
      data-testid="alarm-setting-row"
      data-priority={priority}
      data-edited={edited}
    >
      <th scope="row" className="settings-priority">
        <AlarmIndicator priority={priority} /> {label}
      </th>
      <td>
        <label className="settings-flag">
          <input
            type="checkbox"
            aria-label={`${label}: acknowledgement needs a comment`}
            data-testid={`alarm-setting-comment-${priority}`}
            checked={row.commentRequired}
            onChange={(event) => set({ commentRequired: event.target.checked })}
          />
          required
        </label>
      </td>
      <td className="settings-shelve">
        <input
          type="text"
          inputMode="decimal"
          aria-label={`${label}: longest shelve`}
          data-testid={`alarm-setting-shelve-amount-${priority}`}
          value={never ? '' : row.shelveAmount}
          placeholder={never ? '—' : undefined}
          disabled={never}
          onChange={(event) => set({ shelveAmount: event.target.value })}
        />
        <select
          aria-label={`${label}: shelve unit`}
          data-testid={`alarm-setting-shelve-unit-${priority}`}
          value={row.shelveUnit}
          onChange={(event) => set({ shelveUnit: event.target.value as ShelveUnit })}
        >
          {(Object.keys(UNIT_LABEL) as ShelveUnit[]).map((unit) => (
            <option key={unit} value={unit}>
              {UNIT_LABEL[unit]}
            </option>
          ))}
        </select>
      </td>
      <td className="settings-in-force" data-testid={`alarm-setting-in-force-${priority}`}>
        comment {stored.ackCommentRequired[priority] ? 'required' : 'optional'} ·{' '}
        {shelveWords(stored.maxShelveMs[priority])}
        {edited && <strong className="settings-edited"> · edited, not saved</strong>}
      </td>
    </tr>
  );
}
