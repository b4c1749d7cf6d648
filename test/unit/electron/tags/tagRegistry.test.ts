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
