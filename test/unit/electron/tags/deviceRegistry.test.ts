import { describe, expect, it } from 'vitest';
import type { DeviceRef } from '../../../../electron/connectivity/ingestEvents.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';

const T0 = Date.UTC(2026, 5, 1, 12);
const json: DeviceRef = { id: 'line1/pump1', area: 'line1', protocol: 'json' };
const sparkplug: DeviceRef = { id: 'press/pump2', area: 'press', protocol: 'sparkplug' };

function setup() {
  let now = T0;
  const registry = new DeviceRegistry({ siteStaleAfterMs: 15_000, now: () => now });
  return { registry, advance: (ms: number) => (now += ms), now: () => now };
}

describe('DeviceRegistry', () => {
  it('takes freshness from the device first, then the engineer, then (JSON only) the site', () => {
    const { registry } = setup();
    registry.seen(json, T0);
    registry.seen(sparkplug, T0);
    expect(registry.get(json.id)).toMatchObject({ staleAfterMs: 15_000, staleAfterSource: 'site' });
    expect(registry.get(sparkplug.id)).toMatchObject({ staleAfterMs: null, staleAfterSource: 'none' });
    registry.configure(sparkplug.id, { staleAfterMs: 4_000 }, 1);
    registry.configure(json.id, { staleAfterMs: 30_000 }, 1);
    expect(registry.get(sparkplug.id)).toMatchObject({ staleAfterMs: 4_000, staleAfterSource: 'configured' });
    registry.seen({ ...json, staleAfterMs: 2_000 }, T0);
    expect(registry.get(json.id)).toMatchObject({ staleAfterMs: 2_000, staleAfterSource: 'device' });
  });

  it('finds devices silent past their own timeout, and Sparkplug ones only with a timeout', () => {
    const { registry, advance, now } = setup();
    registry.seen(json, T0);
    registry.seen(sparkplug, T0);
    advance(15_001);
    expect(registry.overdue(now())).toEqual([json.id]);
    registry.configure(sparkplug.id, { staleAfterMs: 10_000 }, 1);
    expect(registry.overdue(now())).toEqual([json.id, sparkplug.id]);
    registry.configure(json.id, { staleAfterMs: 60_000 }, 1);
    expect(registry.overdue(now())).toEqual([sparkplug.id]);
    registry.offline(sparkplug.id);
    expect(registry.overdue(now())).toEqual([]);
  });

  it("finds a JSON device's silent tags, but never a Sparkplug device's (report by exception)", () => {
    const { registry, advance, now } = setup();
    registry.seen(json, T0, ['line1/pump1/flow', 'line1/pump1/speed']);
    registry.seen(sparkplug, T0, ['press/pump2/flow']);
    registry.configure(sparkplug.id, { staleAfterMs: 5_000 }, 1);
    advance(10_000);
    registry.seen(json, now(), ['line1/pump1/speed']);
    registry.seen(sparkplug, now(), ['press/pump2/other']);
    expect(registry.overdueTags(now())).toEqual([]);
    advance(6_000);
    registry.seen(json, now(), ['line1/pump1/speed']);
    expect(registry.overdueTags(now())).toEqual(['line1/pump1/flow']);
  });

  it('shows a configured area and keeps the configuration of a device not seen yet', () => {
    const { registry } = setup();
    expect(registry.configure(json.id, { area: 'Packing' }, 3)).toBeNull();
    registry.seen(json, T0);
    expect(registry.get(json.id)).toMatchObject({
      area: 'Packing',
      config: { area: 'Packing' },
      configVersion: 3,
    });
  });

  it('gives the message rate over the last minute, and counts errors and rebirth requests', () => {
    const { registry, advance } = setup();
    for (let s = 0; s < 120; s++) {
      registry.seen(json, T0 + s * 1000);
      registry.seen(json, T0 + s * 1000 + 500);
    }
    advance(120_000);
    expect(registry.get(json.id)?.messageRate).toBeCloseTo(2, 1);
    registry.seen(json, T0 + 120_000, [], false); // a second event of the same message
    registry.errorSeen(json.id);
    expect(registry.get(json.id)).toMatchObject({ errorCount: 1, rebirths: 0 });
    advance(600_000);
    expect(registry.get(json.id)?.messageRate).toBe(0);
  });

  it("counts a rebirth request against the edge node and each of its devices, not others'", () => {
    const { registry } = setup();
    registry.seen(sparkplug, T0);
    registry.seen({ id: 'press', area: 'press', protocol: 'sparkplug' }, T0);
    registry.seen({ id: 'pressing/pump1', area: 'pressing', protocol: 'sparkplug' }, T0);
    registry.seen({ id: 'press/pump9', area: 'press', protocol: 'json' }, T0);
    registry.rebirthRequested('press');
    registry.rebirthRequested('unknown');
    expect(registry.list().map((d) => [d.id, d.rebirths])).toEqual([
      ['press/pump2', 1],
      ['press', 1],
      ['pressing/pump1', 0],
      ['press/pump9', 0],
    ]);
  });
});
