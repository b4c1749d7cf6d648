import type { Device } from '../../shared/domain.js';

/**
 * A device's state as a word with its own glyph, never colour alone: `● Online` in plain ink,
 * `⊘ OFFLINE` as the fault badge.
 */
export function DeviceStateLabel({ device }: { device: Device }) {
  return device.online ? (
    <span className="device-state online" data-testid="device-state">
      <span aria-hidden="true">● </span>Online
    </span>
  ) : (
    <span className="badge badge-offline" data-testid="device-state">
      <span aria-hidden="true">⊘ </span>OFFLINE
    </span>
  );
}
