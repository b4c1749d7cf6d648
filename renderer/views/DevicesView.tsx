import { useMemo, useState } from 'react';
import type { Device } from '../../shared/domain.js';
import { DeviceDetail } from '../components/DeviceDetail.js';
import { DeviceStateLabel } from '../components/DeviceStateLabel.js';
import { SiteConfigControls } from '../components/SiteConfigControls.js';
import { formatDuration, formatAge } from '../format/duration.js';
import { formatDateTime } from '../format/time.js';
import { useDevicePolling } from '../hooks/useDevicePolling.js';
import { useNow } from '../hooks/useNow.js';
import { useDevicesStore } from '../stores/devicesStore.js';
import { compareNames } from '../stores/tagsModel.js';

/** `1.0/s`, `0.02/s`: enough digits to tell a slow device from a silent one. */
function formatRate(rate: number): string {
  return `${rate >= 10 ? rate.toFixed(0) : rate >= 1 ? rate.toFixed(1) : rate.toFixed(2)}/s`;
}

/** Devices by area (the configured one, else the topic's), areas and devices in operator order. */
function byArea(devices: Readonly<Record<string, Device>>): [string, Device[]][] {
  const areas = new Map<string, Device[]>();
  for (const device of Object.values(devices)) {
    const list = areas.get(device.area) ?? [];
    list.push(device);
    areas.set(device.area, list);
  }
  for (const list of areas.values()) list.sort((a, b) => compareNames(a.id, b.id));
  return [...areas.entries()].sort(([a], [b]) => compareNames(a, b));
}

function DeviceRow({
  device,
  now,
  selected,
  onSelect,
}: {
  device: Device;
  now: number;
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <tr
      className={device.online ? 'device-row' : 'device-row offline'}
      data-testid="device-row"
      data-device-id={device.id}
      data-online={String(device.online)}
      aria-selected={selected}
    >
      <th scope="row">
        <button type="button" className="link-button" onClick={onSelect} aria-pressed={selected}>
          {device.id}
        </button>
      </th>
      <td>
        <DeviceStateLabel device={device} />
      </td>
      <td title={device.lastSeen === null ? undefined : formatDateTime(device.lastSeen)}>
        {formatAge(device.lastSeen, now)}
      </td>
      <td className="num">{formatRate(device.messageRate)}</td>
      <td className="num">{device.errorCount}</td>
      <td className="num">{device.protocol === 'sparkplug' ? device.rebirths : '—'}</td>
      {device.staleAfterMs === null ? (
        <td title="No timeout: the device reports by exception; its death certificate turns it stale">
          at death msg
        </td>
      ) : (
        <td>{formatDuration(device.staleAfterMs)}</td>
      )}
      <td className="num">{device.tagCount}</td>
    </tr>
  );
}

/**
 * Every device the site has shown, grouped by area: whether it is online (in words), when it
 * last spoke, how fast it talks, what it got wrong and when its values turn stale. Selecting
 * one opens its metrics, sparklines and settings.
 */
export function DevicesView() {
  useDevicePolling();
  const devices = useDevicesStore((state) => state.byId);
  const now = useNow(1_000);
  const [selected, setSelected] = useState<string | null>(null);
  const groups = useMemo(() => byArea(devices), [devices]);
  const current = selected === null ? undefined : devices[selected];
  return (
    <div className="view devices" data-testid="devices-view">
      <div className="view-toolbar">
        <h1>Devices</h1>
        <span className="calm-note">
          {Object.keys(devices).length} devices · values turn STALE when a device is silent past its timeout
        </span>
        <SiteConfigControls />
      </div>
      {groups.length === 0 && (
        <p className="calm-note">No devices yet: they appear here as soon as they report.</p>
      )}
      <div className="devices-layout">
        <div className="device-list">
          {groups.map(([area, list]) => (
            <section key={area} className="device-area" aria-label={`Area ${area}`}>
              <h2>
                {area} <span className="area-counts">{list.length} devices</span>
                {list.some((d) => !d.online) && (
                  <span className="badge badge-offline">{list.filter((d) => !d.online).length} OFFLINE</span>
                )}
              </h2>
              <table className="device-table">
                <thead>
                  <tr>
                    <th scope="col">Device</th>
                    <th scope="col">State</th>
                    <th scope="col">Last message</th>
                    <th scope="col">Rate</th>
                    <th scope="col">Errors</th>
                    <th scope="col">Rebirths</th>
                    <th scope="col">Stale after</th>
                    <th scope="col">Tags</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((device) => (
                    <DeviceRow
                      key={device.id}
                      device={device}
                      now={now}
                      selected={device.id === selected}
                      onSelect={() => setSelected(device.id === selected ? null : device.id)}
                    />
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        {current && <DeviceDetail key={current.id} device={current} now={now} />}
      </div>
    </div>
  );
}
