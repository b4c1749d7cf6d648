import { useState, type ReactNode } from 'react';
import type { TagDataType } from '../../shared/domain.js';
import { LIMIT_KINDS, type AlarmsForm, type CommonAlarmFields } from '../devices/alarmDefinitionForm.js';
import { AlarmOptionsFields, PrioritySelect } from './AlarmOptionsFields.js';

type Family = 'deviation' | 'rateOfChange' | 'discrete' | 'badQuality';

const FAMILY_TITLE: Readonly<Record<Family, string>> = {
  deviation: 'Deviation from a setpoint',
  rateOfChange: 'Rate of change',
  discrete: 'Discrete state',
  badQuality: 'Bad quality / communication loss',
};

function OptionsToggle({ open, onToggle, name }: { open: boolean; onToggle: () => void; name: string }) {
  return (
    <button
      type="button"
      className="link-button"
      aria-expanded={open}
      data-testid={`alarm-${name}-options`}
      onClick={onToggle}
    >
      {open ? 'Fewer options' : 'Options…'}
    </button>
  );
}

function text(
  label: string,
  value: string,
  onChange: (value: string) => void,
  testId: string,
  placeholder = '',
): ReactNode {
  return (
    <label>
      {label}
      <input
        type="text"
        aria-label={label}
        data-testid={testId}
        value={value}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

/**
 * The alarms of one tag, every family of shared/alarmDefinitions.ts: HH/H/L/LL limits, deviation
 * from a setpoint tag, rate of change, discrete states and bad quality, each with its priority,
 * deadband and the options every alarm has (message, delays, re-alarm, latching, suppression).
 * A family the tag's type does not suggest is still shown when it is configured, so nothing
 * stored is hidden — and the form keeps every family whether shown or not.
 */
export function TagAlarmsEditor({
  form,
  onChange,
  dataType,
  deviceLimit,
}: {
  form: AlarmsForm;
  onChange: (form: AlarmsForm) => void;
  dataType: TagDataType;
  /** The device's own limit of this kind, shown as the placeholder. */
  deviceLimit: (kind: string) => string;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string) =>
    setOpen((set) => {
      const next = new Set(set);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const numeric = dataType === 'number';
  const anyLimit = LIMIT_KINDS.some((kind) => form.limits[kind].value.trim() !== '');
  const setFamily = <F extends Family>(family: F, patch: Partial<AlarmsForm[F]>) =>
    onChange({ ...form, [family]: { ...form[family], ...patch } });

  const familySection = (family: Family, fields: ReactNode) => {
    const state = form[family];
    const shown = state.enabled || family === 'badQuality' || (family === 'discrete' ? !numeric : numeric);
    if (!shown) return null;
    return (
      <fieldset key={family} className="alarm-family" data-testid={`alarm-family-${family}`}>
        <legend>
          <label>
            <input
              type="checkbox"
              data-testid={`alarm-${family}-enabled`}
              checked={state.enabled}
              onChange={(event) =>
                setFamily(family, { enabled: event.target.checked } as Partial<AlarmsForm[Family]>)
              }
            />
            {FAMILY_TITLE[family]}
          </label>
          {family === 'badQuality' && !state.enabled && (
            <span className="calm-note">
              {' '}
              — not set: a low-priority one applies when the tag has other alarms
            </span>
          )}
        </legend>
        {state.enabled && (
          <>
            <div className="alarm-family-fields">
              {fields}
              <PrioritySelect
                label={`${family} priority`}
                testId={`alarm-${family}-priority`}
                value={state.priority}
                onChange={(priority) => setFamily(family, { priority } as Partial<AlarmsForm[Family]>)}
              />
              <OptionsToggle name={family} open={open.has(family)} onToggle={() => toggle(family)} />
            </div>
            {open.has(family) && (
              <AlarmOptionsFields
                name={family}
                fields={state}
                onChange={(patch: Partial<CommonAlarmFields>) =>
                  setFamily(family, patch as Partial<AlarmsForm[Family]>)
                }
              />
            )}
          </>
        )}
      </fieldset>
    );
  };

  return (
    <section className="tag-alarms" aria-label="Alarms" data-testid="tag-alarms">
      <h4>Alarms</h4>
      {(numeric || anyLimit) && (
        <table className="alarm-limits">
          <caption>Limits: high-high, high, low, low-low (empty: no alarm at that limit)</caption>
          <thead>
            <tr>
              <th scope="col">Limit</th>
              <th scope="col">Value</th>
              <th scope="col">Deadband</th>
              <th scope="col">Priority</th>
              <th scope="col" />
            </tr>
          </thead>
          {LIMIT_KINDS.map((kind) => {
            const row = form.limits[kind];
            const setRow = (patch: Partial<typeof row>) =>
              onChange({ ...form, limits: { ...form.limits, [kind]: { ...row, ...patch } } });
            return (
              <tbody key={kind}>
                <tr>
                  <th scope="row">{kind}</th>
                  <td>
                    <input
                      type="text"
                      aria-label={`${kind} limit`}
                      data-testid={`tag-config-${kind}`}
                      value={row.value}
                      placeholder={deviceLimit(kind) || '(none)'}
                      onChange={(e) => setRow({ value: e.target.value })}
                    />
                  </td>
                  <td>
                    <input
                      type="text"
                      aria-label={`${kind} deadband`}
                      data-testid={`tag-config-${kind}-deadband`}
                      value={row.deadband}
                      placeholder="0"
                      onChange={(e) => setRow({ deadband: e.target.value })}
                    />
                  </td>
                  <td>
                    <PrioritySelect
                      label={`${kind} priority`}
                      testId={`tag-config-${kind}-priority`}
                      value={row.priority}
                      onChange={(priority) => setRow({ priority })}
                    />
                  </td>
                  <td>
                    <OptionsToggle name={kind} open={open.has(kind)} onToggle={() => toggle(kind)} />
                  </td>
                </tr>
                {open.has(kind) && (
                  <tr>
                    <td colSpan={5}>
                      <AlarmOptionsFields name={kind} fields={row} onChange={setRow} />
                    </td>
                  </tr>
                )}
              </tbody>
            );
          })}
        </table>
      )}
      {familySection(
        'deviation',
        <>
          {text(
            'Setpoint tag',
            form.deviation.setpointTag,
            (setpointTag) => setFamily('deviation', { setpointTag }),
            'alarm-deviation-setpointTag',
            'area/device/setpoint',
          )}
          {text(
            'Deviation ≥',
            form.deviation.value,
            (value) => setFamily('deviation', { value }),
            'alarm-deviation-value',
          )}
          {text(
            'Deadband',
            form.deviation.deadband,
            (deadband) => setFamily('deviation', { deadband }),
            'alarm-deviation-deadband',
            '0',
          )}
        </>,
      )}
      {familySection(
        'rateOfChange',
        <>
          {text(
            'Rate ≥ (per s)',
            form.rateOfChange.value,
            (value) => setFamily('rateOfChange', { value }),
            'alarm-rateOfChange-value',
          )}
          {text(
            'Deadband',
            form.rateOfChange.deadband,
            (deadband) => setFamily('rateOfChange', { deadband }),
            'alarm-rateOfChange-deadband',
            '0',
          )}
          {text(
            'Over (s)',
            form.rateOfChange.windowS,
            (windowS) => setFamily('rateOfChange', { windowS }),
            'alarm-rateOfChange-windowS',
            '10',
          )}
        </>,
      )}
      {familySection(
        'discrete',
        text(
          'Alarm in states',
          form.discrete.states,
          (states) => setFamily('discrete', { states }),
          'alarm-discrete-states',
          'true · 3, 4 · fault, "tripped"',
        ),
      )}
      {familySection('badQuality', null)}
    </section>
  );
}
