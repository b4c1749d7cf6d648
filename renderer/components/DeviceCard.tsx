import { memo, useState } from 'react';
import { PROTOCOL_LABELS, type Device, type TagId } from '../../shared/domain.js';
import { formatDateTime } from '../format/time.js';
import { useDevicesStore } from '../stores/devicesStore.js';
import { TagRow, type ActivateTag } from './TagRow.js';

interface Props {
  id: string;
  /** The area the card sits in; the card names the device without repeating it. */
  area: string;
  tagIds: readonly TagId[];
  /** How many tags to render before "show all"; null: all of them. */
  cap: number | null;
  onActivate: ActivateTag;
}

function DeviceState({ device }: { device: Device | undefined }) {
  if (!device) return <span className="device-state unknown">NO STATUS</span>;
  const seen = device.lastSeen === null ? 'never seen' : `last message ${formatDateTime(device.lastSeen)}`;
  const title = `${PROTOCOL_LABELS[device.protocol]} device, ${seen}`;
  return device.online ? (
    <span className="device-state online" title={title}>
      online
    </span>
  ) : (
    <span className="badge badge-offline" title={title}>
      OFFLINE
    </span>
  );
}

/** A device with its tags. Memoized: it re-renders when its own device changes, not its tags. */
export const DeviceCard = memo(function DeviceCard({ id, area, tagIds, cap, onActivate }: Props) {
  const device = useDevicesStore((state) => state.byId[id]);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll || cap === null || tagIds.length <= cap ? tagIds : tagIds.slice(0, cap);
  const offline = device !== undefined && !device.online;
  return (
    <section
      className={offline ? 'device-card offline' : 'device-card'}
      data-testid="device-card"
      data-device-id={id}
      data-online={device ? String(device.online) : 'unknown'}
      aria-label={`Device ${id}`}
    >
      <header className="device-head">
        <h3 title={id}>{id.startsWith(`${area}/`) ? id.slice(area.length + 1) : id}</h3>
        <DeviceState device={device} />
      </header>
      {tagIds.length === 0 ? (
        <p className="device-empty">No tags reported.</p>
      ) : (
        <ul className="tag-list">
          {shown.map((tagId) => (
            <TagRow key={tagId} id={tagId} onActivate={onActivate} />
          ))}
        </ul>
      )}
      {shown.length < tagIds.length && (
        <button type="button" className="show-all" onClick={() => setShowAll(true)}>
          Show all {tagIds.length} tags
        </button>
      )}
    </section>
  );
});
