import type { SiteConfigFileInput } from '../../shared/siteConfigFile.js';

/**
 * A downward configuration message (shared/sync.ts DownConfigMessageSchema) carrying a site
 * file with no brokers, no mapping rules, and the given tags' configurations.
 */
export function downDocument(
  id: string,
  options: {
    tags?: SiteConfigFileInput['tags'];
    basedOnMs?: number | null;
    by?: string;
    brokers?: SiteConfigFileInput['brokers'];
    /** The site's configuration as the cloud knows it (an export); its tags are replaced. */
    base?: SiteConfigFileInput;
  } = {},
) {
  return {
    v: 1,
    kind: 'siteConfig',
    id,
    by: options.by ?? 'cloud-engineer',
    sentAtMs: 1_760_000_000_000,
    basedOnMs: options.basedOnMs ?? null,
    document: {
      format: 'watchkeeper-site-config',
      version: 2,
      mappings: { rules: [], fallback: { action: 'ignore' } },
      devices: [],
      ...options.base,
      brokers: options.brokers ?? options.base?.brokers ?? [],
      tags: options.tags ?? options.base?.tags ?? [],
    } satisfies SiteConfigFileInput,
  };
}

/** A tag configuration with a high alarm at `limit`. */
export function highAlarmAt(id: string, limit: number) {
  return {
    id,
    config: {
      engRange: { low: 0, high: 200 },
      alarms: [{ kind: 'H' as const, value: limit, deadband: 1, priority: 'high' as const }],
    },
  };
}
