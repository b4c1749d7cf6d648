import type { TagMeta } from '../../shared/domain.js';
import type { MappingRule, UnmatchedFallback } from '../../shared/jsonMapping.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import { sameRule, type ImportSummary, type SiteConfigFile } from '../../shared/siteConfigFile.js';
import type { ModelBinding } from '../../shared/modelBindings.js';
import type { ItemConfig, StoredBinding } from '../config/types.js';
import { alarmDefinitionProblems, unknownReferences } from '../alarms/definitionChecks.js';
import { sameConfig } from '../tags/tagSettings.js';

/** The site as it is configured now, as much as an import may change. */
export interface CurrentSite {
  brokers: BrokerConfig[];
  rules: MappingRule[];
  fallback: UnmatchedFallback;
  devices: ItemConfig[];
  tags: ItemConfig[];
  /** Stored model bindings (the demo plant's defaults are not stored, and not the file's business). */
  bindings: StoredBinding[];
}

/** What an import does to model bindings: stores `save` (each from its stored version), deletes `remove`. */
export interface ModelChanges {
  save: StoredBinding[];
  remove: StoredBinding[];
  unchanged: number;
}

/** Fields that mean something for numbers only (as tags.configure refuses them too). */
const NUMERIC_ONLY = ['engRange', 'decimals', 'storageDeadband'] as const;

/**
 * What the file would change, part by part. An empty broker list says nothing about brokers;
 * rules are replaced as a whole list; devices and tags the file does not name stay as they are;
 * model bindings, when the file has them, are the site's whole set, as rules are.
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
    ...(file.models
      ? (() => {
          const changes = modelChanges(file.models, current.bindings);
          const stored = new Set(current.bindings.map((s) => s.binding.id));
          const saved = changes.save.map((s) => s.binding.id);
          return {
            models: {
              added: saved.filter((id) => !stored.has(id)),
              changed: saved.filter((id) => stored.has(id)),
              removed: changes.remove.map((s) => s.binding.id),
              unchanged: changes.unchanged,
            },
          };
        })()
      : {}),
  };
}

/**
 * The bindings to store (new or different from the stored version, with that version as the
 * base so a concurrent edit is refused, not overwritten) and the stored ones the file leaves out.
 */
export function modelChanges(
  models: readonly ModelBinding[],
  stored: readonly StoredBinding[],
): ModelChanges {
  const byId = new Map(stored.map((s) => [s.binding.id, s]));
  const inFile = new Set(models.map((binding) => binding.id));
  const save = models.flatMap((binding) => {
    const before = byId.get(binding.id);
    if (before && canonical(before.binding) === canonical(binding)) return [];
    return [{ binding, version: before?.version ?? 0 }];
  });
  return {
    save,
    remove: stored.filter((s) => !inFile.has(s.binding.id)),
    unchanged: models.length - save.length,
  };
}

/** JSON with keys sorted, so a binding compares by what it says, not by the order it says it in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/**
 * ONNX bindings whose model file is neither in the data folder's models/ nor shipped: a
 * warning, not a problem — the binding is stored and shows its error until the file arrives.
 */
export function modelFileWarnings(file: SiteConfigFile, hasFile: (name: string) => boolean): string[] {
  return (file.models ?? []).flatMap((binding, index) =>
    binding.kind === 'onnx' && !hasFile(binding.model)
      ? [
          `models[${index}].model: ${binding.model} is not in the data folder's models/ or the shipped models: ` +
            `${binding.id} is stored but fails until the file is there`,
        ]
      : [],
  );
}

function countChanges(
  items: readonly { id: string; config: ItemConfig['config'] }[],
  stored: readonly ItemConfig[],
): { configured: number; unchanged: number } {
  const byId = new Map(stored.map((item) => [item.id, item.config]));
  const configured = items.filter((item) => !sameConfig(byId.get(item.id), item.config)).length;
  return { configured, unchanged: items.length - configured };
}

/**
 * What tags.configure would refuse, per tag of the file: a range on a text, state or on/off tag,
 * alarms that compare numbers on one, a deadband not smaller than the engineering range (the
 * file's, else the known tag's), a deviation from the tag itself.
 */
export function tagProblems(
  file: SiteConfigFile,
  known: (id: string) => Pick<TagMeta, 'dataType' | 'engLow' | 'engHigh'> | undefined,
): string[] {
  return file.tags.flatMap(({ id, config }, index) => {
    const tag = known(id);
    const problems: string[] = [];
    if (tag && tag.dataType !== 'number') {
      const refused = NUMERIC_ONLY.filter((field) => config[field] !== undefined);
      if (refused.length > 0)
        problems.push(`${id} is a ${tag.dataType} tag: ${refused.join(', ')} apply to number tags only`);
    }
    const range =
      config.engRange ??
      (tag && tag.engLow !== null && tag.engHigh !== null
        ? { low: tag.engLow, high: tag.engHigh }
        : undefined);
    problems.push(
      ...alarmDefinitionProblems(id, config.alarms, { dataType: tag?.dataType ?? 'number', engRange: range }),
    );
    return problems.map((problem) => `tags[${index}].config: ${problem}`);
  });
}

/**
 * Alarms that read a tag neither the site nor the file knows: a warning, not a problem — the
 * device may not have announced it yet. Until it does, such a deviation alarm is frozen and
 * such a suppression does not suppress.
 */
export function alarmReferenceWarnings(file: SiteConfigFile, known: (id: string) => boolean): string[] {
  const inFile = new Set(file.tags.map((tag) => tag.id));
  return file.tags.flatMap(({ id, config }, index) =>
    unknownReferences(id, config.alarms, (ref) => inFile.has(ref) || known(ref)).map(
      (warning) => `tags[${index}].config: ${warning}`,
    ),
  );
}
