import { sameLimits, sameStates, type TagMeta } from '../../shared/domain.js';
import { limitsOf, type TagConfig } from '../../shared/tagConfig.js';

/**
 * A tag as everyone sees it: what its device describes, with what an engineer configured laid
 * over it field by field. A configured field always wins, so the next birth cannot wipe an
 * engineer's edit; a field nobody configured keeps following the device. Configured alarms
 * replace the device's limits whole (a set of limits is one statement, not four).
 */
export function effectiveMeta(discovered: TagMeta, config: TagConfig | undefined): TagMeta {
  if (!config) return discovered;
  const { engRange, alarms } = config;
  const meta: TagMeta = {
    ...discovered,
    description: config.description ?? discovered.description,
    unit: config.unit ?? discovered.unit,
    engLow: engRange ? engRange.low : discovered.engLow,
    engHigh: engRange ? engRange.high : discovered.engHigh,
    limits: alarms ? limitsOf(alarms) : discovered.limits,
  };
  if (config.decimals !== undefined) meta.decimals = config.decimals;
  if (config.command !== undefined) meta.writable = true;
  return meta;
}

/** Whether two descriptions of a tag say the same, limits, states, decimals and writability included. */
export function sameMeta(a: TagMeta, b: TagMeta): boolean {
  return (
    sameStoredMeta(a, b) &&
    sameLimits(a.limits, b.limits) &&
    a.decimals === b.decimals &&
    a.writable === b.writable
  );
}

/** Whether the fields the historian stores (all but limits and decimals) are the same. */
export function sameStoredMeta(a: TagMeta, b: TagMeta): boolean {
  return (
    a.device === b.device &&
    a.name === b.name &&
    a.description === b.description &&
    a.unit === b.unit &&
    a.dataType === b.dataType &&
    a.engLow === b.engLow &&
    a.engHigh === b.engHigh &&
    sameStates(a.states, b.states)
  );
}
