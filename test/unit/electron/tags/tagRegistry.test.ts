import { describe, expect, it } from 'vitest';
import type { StoredTag } from '../../../../electron/historian/types.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import type { TagMeta } from '../../../../shared/domain.js';

const vibration: TagMeta = {
  id: 'line1/pump1/vibration',
  device: 'line1/pump1',
  name: 'vibration',
  description: 'Bearing vibration',
  unit: 'mm/s',
  dataType: 'number',
  engLow: 0,
  engHigh: 25,
  limits: [
    { kind: 'HH', value: 11 },
    { kind: 'H', value: 7.1 },
  ],
};

async function setup(loaded: StoredTag[] = []) {
  const upserts: StoredTag[] = [];
  const discovered: TagMeta[] = [];
  const registry = new TagRegistry(
    { loadTags: async () => loaded, lastValues: async () => [], upsertTags: (tags) => upserts.push(...tags) },
    (tags) => discovered.push(...tags),
  );
  await registry.start();
  return { registry, upserts, discovered };
}

describe('TagRegistry', () => {
  it('keeps alarm limits in memory and lists them, but never hands them to the historian', async () => {
    const { registry, upserts, discovered } = await setup();
    registry.define(vibration);
    expect(registry.list()[0]?.limits).toEqual(vibration.limits);
    expect(discovered).toEqual([vibration]);
    expect(upserts).toHaveLength(1);
    expect(upserts[0]).not.toHaveProperty('limits');
  });

  it('announces new limits from a later birth without rewriting the stored tag', async () => {
    const { limits: _limits, ...withoutLimits } = vibration;
    const { registry, upserts, discovered } = await setup([{ ...withoutLimits, key: 1 }]);
    registry.define(vibration);
    expect(registry.get(vibration.id)?.limits).toEqual(vibration.limits);
    expect(discovered).toEqual([vibration]);
    expect(upserts).toEqual([]);
    registry.define(vibration);
    expect(discovered).toHaveLength(1);
  });

  it('keeps known limits when a source that does not know them describes the tag', async () => {
    const { registry, discovered } = await setup();
    registry.define(vibration);
    registry.define({ ...vibration, limits: undefined });
    expect(registry.get(vibration.id)?.limits).toEqual(vibration.limits);
    registry.define({ ...vibration, limits: [] });
    expect(registry.get(vibration.id)?.limits).toEqual([]);
    expect(discovered.map((tag) => tag.limits)).toEqual([vibration.limits, []]);
  });
});

describe('TagRegistry with an engineer configuration', () => {
  const alarms = [
    { kind: 'H' as const, value: 9, deadband: 0.5, priority: 'high' as const },
    { kind: 'HH' as const, value: 12, deadband: 0.5, priority: 'critical' as const },
  ];

  it('shows configured fields over the device description, and the next birth does not wipe them', async () => {
    const { registry, discovered } = await setup();
    registry.define(vibration);
    registry.configure(vibration.id, { unit: 'in/s', engRange: { low: 0, high: 1 }, decimals: 3, alarms });
    expect(registry.get(vibration.id)).toMatchObject({
      unit: 'in/s',
      engLow: 0,
      engHigh: 1,
      decimals: 3,
      description: 'Bearing vibration',
      limits: [
        { kind: 'H', value: 9 },
        { kind: 'HH', value: 12 },
      ],
    });
    expect(discovered.at(-1)).toMatchObject({ unit: 'in/s', decimals: 3 });
    // A birth with new text and units: configured fields hold, the rest follows the device.
    registry.define({ ...vibration, unit: 'mm/s', description: 'Drive-end vibration', engHigh: 50 });
    expect(registry.get(vibration.id)).toMatchObject({
      unit: 'in/s',
      engHigh: 1,
      description: 'Drive-end vibration',
    });
    expect(registry.discoveredMeta(vibration.id)).toMatchObject({ unit: 'mm/s', engHigh: 50 });
  });

  it('follows the device again once the configuration is removed', async () => {
    const { registry } = await setup();
    registry.define(vibration);
    registry.configure(vibration.id, { unit: 'in/s', decimals: 3 });
    registry.configure(vibration.id, {});
    expect(registry.get(vibration.id)).toMatchObject({ unit: 'mm/s', limits: vibration.limits });
    expect(registry.get(vibration.id)?.decimals).toBeUndefined();
    expect(registry.list()[0]).not.toHaveProperty('decimals');
  });

  it('stores only what the device describes in the historian, never the configured fields', async () => {
    const { registry, upserts } = await setup();
    registry.define(vibration);
    registry.configure(vibration.id, { unit: 'in/s', description: 'mine' });
    registry.define({ ...vibration, description: 'Drive-end vibration' });
    expect(upserts.map((tag) => [tag.unit, tag.description])).toEqual([
      ['mm/s', 'Bearing vibration'],
      ['mm/s', 'Drive-end vibration'],
    ]);
  });

  it('keeps a configuration for a tag not seen yet and applies it when the tag appears', async () => {
    const { registry, discovered } = await setup();
    expect(registry.configure(vibration.id, { unit: 'in/s' })).toBeUndefined();
    registry.define(vibration);
    expect(discovered).toEqual([{ ...vibration, unit: 'in/s' }]);
  });

  it('announces nothing when an edit changes nothing that shows', async () => {
    const { registry, discovered } = await setup();
    registry.define(vibration);
    registry.configure(vibration.id, { unit: 'mm/s' });
    expect(discovered).toHaveLength(1);
  });
});
