import { useMemo, useState } from 'react';
import { PROTOCOL_LABELS, type Device, type TagId } from '../../shared/domain.js';
import { formatAge, formatDuration } from '../format/duration.js';
import { SPARK_WINDOW_MS, useSparklines } from '../hooks/useSparklines.js';
import { useTagsStore } from '../stores/tagsStore.js';
import { DeviceSettingsForm } from './DeviceSettingsForm.js';
import { DeviceStateLabel } from './DeviceStateLabel.js';
import { MetricRow } from './MetricRow.js';
import { TagEditor } from './TagEditor.js';
import { CommandJournal } from './CommandJournal.js';
import { WriteDialog } from './WriteDialog.js';

const NO_TAGS: readonly TagId[] = [];

const SOURCE_WORDS: Readonly<Record<Device['staleAfterSource'], string>> = {
  device: 'as the device declares',
  configured: 'as configured here',
  site: 'the site default',
  none: 'none: reports by exception, stale on its death certificate',
};

/** One device: its state and counters, its settings, and every metric with a sparkline. */
export function DeviceDetail({ device, now }: { device: Device; now: number }) {
  const tagIds = useTagsStore((state) => state.index.byDevice[device.id] ?? NO_TAGS);
  const charted = useTagsStore((state) =>
    JSON.stringify(tagIds.filter((id) => state.tags[id]?.dataType !== 'string')),
  );
  const lines = useSparklines(useMemo(() => JSON.parse(charted) as TagId[], [charted]));
  const [editing, setEditing] = useState<TagId | null>(null);
  const [writing, setWriting] = useState<TagId | null>(null);
  return (
    <section className="device-detail" data-testid="device-detail" aria-label={`Device ${device.id}`}>
      <header className="device-detail-head">
        <h2>{device.id}</h2>
        <DeviceStateLabel device={device} />
        <span className="calm-note">
          {PROTOCOL_LABELS[device.protocol]} · last message {formatAge(device.lastSeen, now)} · stale after{' '}
          <span data-testid="device-timeout">
            {device.staleAfterMs === null ? '—' : formatDuration(device.staleAfterMs)}
          </span>{' '}
          ({SOURCE_WORDS[device.staleAfterSource]})
        </span>
      </header>
      <DeviceSettingsForm device={device} />
      <table className="metric-table">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Value</th>
            <th scope="col">Unit</th>
            <th scope="col">Quality</th>
            <th scope="col">Sampled</th>
            <th scope="col">Last {SPARK_WINDOW_MS / 60_000} min</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {tagIds.map((id) => (
            <MetricRow
              key={id}
              id={id}
              series={lines?.byTag.get(id)}
              from={lines?.from ?? 0}
              to={lines?.to ?? 1}
              editing={editing === id}
              onEdit={(tag) => setEditing(tag === editing ? null : tag)}
              writing={writing === id}
              onWrite={(tag) => setWriting(tag === writing ? null : tag)}
            />
          ))}
        </tbody>
      </table>
      {tagIds.length === 0 && <p className="calm-note">No tags reported.</p>}
      {lines?.error && <p className="form-error">Sparklines could not be loaded: {lines.error}</p>}
      {writing && <WriteDialog key={writing} id={writing} onClose={() => setWriting(null)} />}
      {editing && <TagEditor key={editing} id={editing} onClose={() => setEditing(null)} />}
      <CommandJournal device={device.id} />
    </section>
  );
}
