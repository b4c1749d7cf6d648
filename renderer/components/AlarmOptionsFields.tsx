import type { Comparison } from '../../shared/alarmDefinitions.js';
import { MAX_ALARM_MESSAGE } from '../../shared/alarmDefinitions.js';
import { COMPARISONS, PRIORITIES, type CommonAlarmFields } from '../devices/alarmDefinitionForm.js';

/** A priority choice for one alarm. */
export function PrioritySelect({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: CommonAlarmFields['priority'];
  onChange: (priority: CommonAlarmFields['priority']) => void;
  testId?: string;
}) {
  return (
    <select
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(event) => onChange(event.target.value as CommonAlarmFields['priority'])}
    >
      {PRIORITIES.map((p) => (
        <option key={p} value={p}>
          {p}
        </option>
      ))}
    </select>
  );
}

/**
 * What every alarm may have besides its condition: the operator's message, on- and off-delay,
 * re-alarm time (seconds), latching, and suppression by design (`<tag> <op> <value>`).
 */
export function AlarmOptionsFields({
  name,
  fields,
  onChange,
}: {
  name: string;
  fields: CommonAlarmFields;
  onChange: (patch: Partial<CommonAlarmFields>) => void;
}) {
  const seconds = (key: 'onDelayS' | 'offDelayS' | 'reAlarmS', label: string, placeholder: string) => (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        aria-label={`${name} ${label}`}
        data-testid={`alarm-${name}-${key}`}
        value={fields[key]}
        placeholder={placeholder}
        onChange={(event) => onChange({ [key]: event.target.value })}
      />
    </label>
  );
  return (
    <div className="alarm-options" role="group" aria-label={`${name} options`}>
      <label className="alarm-message-field">
        Message
        <input
          type="text"
          aria-label={`${name} message`}
          data-testid={`alarm-${name}-message`}
          value={fields.message}
          maxLength={MAX_ALARM_MESSAGE}
          placeholder="from the tag and limit"
          onChange={(event) => onChange({ message: event.target.value })}
        />
      </label>
      {seconds('onDelayS', 'On-delay (s)', '0')}
      {seconds('offDelayS', 'Off-delay (s)', '0')}
      {seconds('reAlarmS', 'Re-alarm (s)', 'never')}
      <label className="alarm-latching">
        <input
          type="checkbox"
          data-testid={`alarm-${name}-latching`}
          checked={fields.latching}
          onChange={(event) => onChange({ latching: event.target.checked })}
        />
        Latching (held until reset)
      </label>
      <span className="alarm-suppression" role="group" aria-label={`${name} suppressed while`}>
        Suppressed while
        <input
          type="text"
          aria-label={`${name} suppression tag`}
          data-testid={`alarm-${name}-suppressTag`}
          value={fields.suppressTag}
          placeholder="tag (none)"
          onChange={(event) => onChange({ suppressTag: event.target.value })}
        />
        <select
          aria-label={`${name} suppression comparison`}
          value={fields.suppressOp}
          onChange={(event) => onChange({ suppressOp: event.target.value as Comparison })}
        >
          {COMPARISONS.map((c) => (
            <option key={c.op} value={c.op}>
              {c.label}
            </option>
          ))}
        </select>
        <input
          type="text"
          aria-label={`${name} suppression value`}
          data-testid={`alarm-${name}-suppressValue`}
          value={fields.suppressValue}
          placeholder='false, 0, "stopped"'
          onChange={(event) => onChange({ suppressValue: event.target.value })}
        />
      </span>
    </div>
  );
}
