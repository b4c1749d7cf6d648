import type { TagDataType } from '../../shared/domain.js';
import type { MappingRule, UnmatchedFallback } from '../../shared/jsonMapping.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import { sameRule, type ImportSummary, type SiteConfigFile } from '../../shared/siteConfigFile.js';
import type { ItemConfig } from '../config/types.js';
import { sameConfig } from '../tags/tagSettings.js';

/** The site as it is configured now, as much as an import may change. */
export interface CurrentSite {
  brokers: BrokerConfig[];
  rules: MappingRule[];
  fallback: UnmatchedFallback;
  devices: ItemConfig[];
  tags: ItemConfig[];
}

/** Fields that mean something for numbers only (as tags.configure refuses them too). */
const NUMERIC_ONLY = ['engRange', 'decimals', 'storageDeadband', 'alarms'] as const;

/**
 * What the file would change, part by part. An empty broker list says nothing about brokers;
 * rules are replaced as a whole list; devices and tags the file does not name stay as they are.
 */
export function planImport(file: SiteConfigFile, current: CurrentSite): Omit<ImportSummary, 'ok' | 'dryRun'> {
  const before = new Map(current.rules.map((rule) => [rule.id, rule]));
  const inFile = new Set(file.mappings.rules.map((rule) => rule.id));
  const fileBrokers = file.brokers.map(({ password: _password, ...broker }) => broker);
  const brokersChanged =
    fileBrokers.length > 0 && JSON.stringify(fileBrokers) !== JSON.stringify(current.brokers);
  return {
    brokers: {
      changed: brokersChanged,
      before: current.brokers.map((broker) => broker.id),
      after: (brokersChanged ? fileBrokers : current.brokers).map((broker) => broker.id),
    },
    rules: {
      added: file.mappings.rules.filter((rule) => !before.has(rule.id)).map((rule) => rule.name),
      replaced: file.mappings.rules
        .filter((rule, position) => {
          const stored = before.get(rule.id);
          return stored && (!sameRule(stored, rule) || current.rules.indexOf(stored) !== position);
        })
        .map((rule) => rule.name),
      removed: current.rules.filter((rule) => !inFile.has(rule.id)).map((rule) => rule.name),
      unchanged: file.mappings.rules.filter(
        (rule, position) =>
          before.has(rule.id) &&
          sameRule(before.get(rule.id)!, rule) &&
          current.rules.indexOf(before.get(rule.id)!) === position,
      ).length,
      fallbackChanged: JSON.stringify(file.mappings.fallback) !== JSON.stringify(current.fallback),
    },
    devices: countChanges(file.devices, current.devices),
    tags: countChanges(file.tags, current.tags),
  };
}

function countChanges(
  items: readonly { id: string; config: ItemConfig['config'] }[],
  stored: readonly ItemConfig[],
): { configured: number; unchanged: number } {
  const byId = new Map(stored.map((item) => [item.id, item.config]));
  const configured = items.filter((item) => !sameConfig(byId.get(item.id), item.config)).length;
  return { configured, unchanged: items.length - configured };
}

/** A known text, state or on/off tag given a range or limits: refused, as tags.configure would. */
export function tagTypeProblems(
  file: SiteConfigFile,
  typeOf: (id: string) => TagDataType | undefined,
): string[] {
  return file.tags.flatMap(({ id, config }, index) => {
    const type = typeOf(id);
    if (type === undefined || type === 'number') return [];
    const refused = NUMERIC_ONLY.filter((field) => config[field] !== undefined);
    return refused.length === 0
      ? []
      : [`tags[${index}].config: ${id} is a ${type} tag: ${refused.join(', ')} apply to number tags only`];
  });
}
