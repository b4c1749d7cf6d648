import type { ReactNode } from 'react';
import type { SyncSettingsForm } from '../sync/settingsForm.js';

type Set = (patch: Partial<SyncSettingsForm>) => void;
type TextKey = {
  [K in keyof SyncSettingsForm]: SyncSettingsForm[K] extends string ? K : never;
}[keyof SyncSettingsForm];
type FlagKey = {
  [K in keyof SyncSettingsForm]: SyncSettingsForm[K] extends boolean ? K : never;
}[keyof SyncSettingsForm];

function Text({
  form,
  set,
  name,
  label,
  hint,
  wide = false,
}: {
  form: SyncSettingsForm;
  set: Set;
  name: TextKey;
  label: string;
  hint?: string;
  wide?: boolean;
}) {
  return (
    <label className={wide ? 'sync-field wide' : 'sync-field'}>
      <span>{label}</span>
      <input
        type="text"
        data-testid={`sync-setting-${name}`}
        value={form[name]}
        placeholder={hint}
        onChange={(event) => set({ [name]: event.target.value })}
      />
    </label>
  );
}

function Flag({
  form,
  set,
  name,
  children,
}: {
  form: SyncSettingsForm;
  set: Set;
  name: FlagKey;
  children: ReactNode;
}) {
  return (
    <label className="sync-flag">
      <input
        type="checkbox"
        data-testid={`sync-setting-${name}`}
        checked={form[name]}
        onChange={(event) => set({ [name]: event.target.checked })}
      />
      {children}
    </label>
  );
}

/** The settings as fields, grouped as an engineer thinks of them: where to, what, how much. */
export function SyncSettingsFields({ form, set }: { form: SyncSettingsForm; set: Set }) {
  const p = { form, set };
  return (
    <>
      <Flag {...p} name="enabled">
        Sync enabled (records are queued and sent only while it is)
      </Flag>
      <fieldset>
        <legend>
          <Flag {...p} name="hasCloud">
            Cloud broker
          </Flag>
        </legend>
        {form.hasCloud && (
          <div className="sync-grid">
            <Text {...p} name="url" label="URL" hint="mqtts://broker.example:8883" wide />
            <Text {...p} name="cloudId" label="Broker id" />
            <label className="sync-field">
              <span>MQTT version</span>
              <select
                data-testid="sync-setting-mqttVersion"
                value={form.mqttVersion}
                onChange={(event) => set({ mqttVersion: event.target.value === '5' ? '5' : '4' })}
              >
                <option value="4">3.1.1</option>
                <option value="5">5</option>
              </select>
            </label>
            <Text {...p} name="clientId" label="Client id" hint="stable per site" />
            <Text {...p} name="username" label="Username" />
            <Text {...p} name="passwordSecret" label="Password id" hint="default: broker id" />
            <Text {...p} name="caFile" label="CA file" hint="PEM; empty: system CAs" wide />
            <Text {...p} name="certFile" label="Client certificate file" wide />
            <Text {...p} name="keyFile" label="Client key file" wide />
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>What goes up</legend>
        <div className="sync-grid">
          <Text {...p} name="topicPrefix" label="Topic prefix" />
          <Text {...p} name="rollupSeconds" label="Rollup seconds" />
          <Text {...p} name="rollupTags" label="Rollup tags" hint="prefixes, * for all" wide />
          <Text {...p} name="rawTags" label="Raw tags" hint="prefixes, * for all" wide />
          <Text {...p} name="heartbeatSeconds" label="Heartbeat seconds" />
        </div>
        <Flag {...p} name="modelOutputs">
          Model outputs
        </Flag>
        <Flag {...p} name="acceptConfig">
          Accept configuration sent down from the cloud
        </Flag>
      </fieldset>
      <fieldset>
        <legend>Link and outbox</legend>
        <div className="sync-grid">
          <Text {...p} name="budgetKBps" label="Backfill budget kB/s" hint="empty: unlimited" />
          <Text {...p} name="outboxMaxMiB" label="Outbox size MiB" />
          <Text {...p} name="outboxMaxAgeDays" label="Outbox age days" />
          <Text {...p} name="outboxWarnPercent" label="Warning from %" />
        </div>
        <Flag {...p} name="metered">
          Metered link: send only the live lane and hourly rollups
        </Flag>
      </fieldset>
    </>
  );
}
