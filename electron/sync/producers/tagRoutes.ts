import type { SyncSettings } from '../../../shared/sync.js';

/**
 * Model outputs are the tags of a binding's derived device `models/<binding>` (shared/
 * modelBindings.ts modelDeviceId; electron/inference/derivedOutputs.ts); their ids are whatever
 * the binding names (`line1/pump1/anomaly_score`), so they are told apart by device.
 */
export const MODEL_DEVICE_PREFIX = 'models/';

/** Whether a tag id is chosen by a settings list: id prefixes (`area1/`), `*` for all. */
export function matchesPrefixes(id: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (prefix === '*' || id.startsWith(prefix)) return true;
  return false;
}

/** What happens to a tag's samples: rolled up or not, and which stream its raw samples go to. */
export interface RouteChoice {
  rollup: boolean;
  stream: 'raw' | 'models' | null;
}

/**
 * Decided once per tag and kept until the settings change, so a sample costs one Map lookup.
 * A model's outputs (`device`: the tag's device) go raw on their own stream when `modelOutputs`
 * is on, so the cloud tells them from plant data by stream; with it off they follow `rawTags`
 * like any tag. Rollups follow `rollupTags` for every tag.
 */
export function chooseRoute(id: string, device: string | undefined, settings: SyncSettings): RouteChoice {
  const model = settings.modelOutputs && device !== undefined && device.startsWith(MODEL_DEVICE_PREFIX);
  return {
    rollup: matchesPrefixes(id, settings.rollupTags),
    stream: model ? 'models' : matchesPrefixes(id, settings.rawTags) ? 'raw' : null,
  };
}
