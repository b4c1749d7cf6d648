import type { SyncSettings } from '../../../shared/sync.js';

/** Derived tags of model bindings (electron/inference/derivedOutputs.ts). */
export const MODEL_TAG_PREFIX = 'models/';

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
 * A model's outputs go raw on their own stream when `modelOutputs` is on (the cloud tells them
 * apart from plant data by stream, not by parsing ids); with it off they follow `rawTags` like
 * any tag.
 */
export function chooseRoute(id: string, settings: SyncSettings): RouteChoice {
  const model = settings.modelOutputs && id.startsWith(MODEL_TAG_PREFIX);
  return {
    rollup: matchesPrefixes(id, settings.rollupTags),
    stream: model ? 'models' : matchesPrefixes(id, settings.rawTags) ? 'raw' : null,
  };
}
