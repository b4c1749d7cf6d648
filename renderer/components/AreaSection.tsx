import { memo, useState } from 'react';
import type { DeviceEntry } from '../stores/tagsSelectors.js';
import { useDevicesStore } from '../stores/devicesStore.js';
import { DeviceCard } from './DeviceCard.js';
import type { ActivateTag } from './TagRow.js';

interface Props {
  area: string;
  devices: readonly DeviceEntry[];
  tagCount: number;
  /** Caps for a large site: cards per area and tags per card before "show all"; null: no cap. */
  caps: { devices: number; tags: number } | null;
  onActivate: ActivateTag;
}

/** One area of the plant: a collapsible header that still shows offline devices when collapsed. */
export const AreaSection = memo(function AreaSection({ area, devices, tagCount, caps, onActivate }: Props) {
  const [open, setOpen] = useState(true);
  const [showAll, setShowAll] = useState(false);
  const offline = useDevicesStore((state) =>
    devices.reduce((count, entry) => count + (state.byId[entry.id]?.online === false ? 1 : 0), 0),
  );
  const shown =
    showAll || caps === null || devices.length <= caps.devices ? devices : devices.slice(0, caps.devices);
  return (
    <section className="area" aria-label={`Area ${area}`}>
      <h2 className="area-head">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className="area-chevron" aria-hidden="true" />
          <span className="area-name">{area}</span>
          <span className="area-counts">
            {devices.length} devices · {tagCount} tags
          </span>
          {offline > 0 && <span className="badge badge-offline">{offline} OFFLINE</span>}
        </button>
      </h2>
      {open && (
        <div className="area-cards">
          {shown.map((entry) => (
            <DeviceCard
              key={entry.id}
              id={entry.id}
              area={area}
              tagIds={entry.tagIds}
              cap={caps?.tags ?? null}
              onActivate={onActivate}
            />
          ))}
          {shown.length < devices.length && (
            <button type="button" className="show-all area-show-all" onClick={() => setShowAll(true)}>
              Show all {devices.length} devices in {area}
            </button>
          )}
        </div>
      )}
    </section>
  );
});
