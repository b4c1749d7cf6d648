import type { SiteConfigFile } from '../../../shared/siteConfigFile.js';
import type { ConfigKind, ConfigVersionRow, ItemConfig } from '../../config/types.js';
import type { ModelBindingVersion } from '../../../shared/modelBindings.js';
import { modelChanges, planImport, type CurrentSite } from '../../siteConfig/importPlan.js';
import { sameConfig } from '../../tags/tagSettings.js';

/** Who changed an item last, as the version histories in config.db say. */
export interface ChangeHistory {
  listItemConfigVersions(kind: ConfigKind, id: string, limit: number): Promise<ConfigVersionRow[]>;
  listBindingVersions(id: string, limit: number): Promise<ModelBindingVersion[]>;
}

/** One item a document would change, and its last change on record (null: none kept). */
interface Touched {
  line: string;
  last: () => Promise<{ changedMs: number; changedBy: string } | null>;
}

/** Changes made by a cloud document: `cloud:<by>` (see DownConfig), plus the importer's suffix. */
export const CLOUD_USER_PREFIX = 'cloud:';

/**
 * What a document would change, one line per item (`tag area1/pump3/temp: changed`), and the
 * conflicts under the rule of DownConfigMessageSchema: an item it would change that was changed
 * on site (by anyone but a cloud document) after `basedOnMs`. Rules carry their own save time;
 * tags, devices and model bindings their newest version. Known limits: a rule deleted on site
 * leaves no trace, so a document that brings it back is not a conflict; nor is a changed fallback.
 */
export async function siteChanges(
  file: SiteConfigFile,
  current: CurrentSite,
  basedOnMs: number | null,
  history: ChangeHistory,
): Promise<{ changes: string[]; conflicts: string[] }> {
  const touched = [
    ...items('device', file.devices, current.devices, history),
    ...items('tag', file.tags, current.tags, history),
    ...rules(file, current),
    ...models(file, current, history),
  ];
  const conflicts: string[] = [];
  if (basedOnMs !== null) {
    const lasts = await Promise.all(touched.map((item) => item.last()));
    touched.forEach((item, index) => {
      const last = lasts[index];
      if (last && last.changedMs > basedOnMs && !last.changedBy.startsWith(CLOUD_USER_PREFIX))
        conflicts.push(
          `${item.line.replace(/: \w+$/, '')} was changed on site by ${last.changedBy} at ` +
            `${new Date(last.changedMs).toISOString()}, after ${new Date(basedOnMs).toISOString()} the document was based on`,
        );
    });
  }
  return { changes: touched.map((item) => item.line), conflicts };
}

function items(
  kind: ConfigKind,
  inFile: SiteConfigFile['devices'] | SiteConfigFile['tags'],
  stored: readonly ItemConfig[],
  history: ChangeHistory,
): Touched[] {
  const byId = new Map(stored.map((item) => [item.id, item.config]));
  return inFile
    .filter((item) => !sameConfig(byId.get(item.id), item.config))
    .map((item) => ({
      line: `${kind} ${item.id}: ${byId.has(item.id) ? 'changed' : 'configured'}`,
      last: async () => (await history.listItemConfigVersions(kind, item.id, 1))[0] ?? null,
    }));
}

function rules(file: SiteConfigFile, current: CurrentSite): Touched[] {
  const plan = planImport(file, current).rules;
  const byName = new Map(current.rules.map((rule) => [rule.name, rule]));
  const stored = (name: string) => async () => {
    const rule = byName.get(name);
    return rule ? { changedMs: rule.updatedMs, changedBy: rule.savedBy } : null;
  };
  return [
    ...plan.added.map((name) => ({ line: `mapping rule ${name}: added`, last: async () => null })),
    ...plan.replaced.map((name) => ({ line: `mapping rule ${name}: replaced`, last: stored(name) })),
    ...plan.removed.map((name) => ({ line: `mapping rule ${name}: removed`, last: stored(name) })),
    ...(plan.fallbackChanged ? [{ line: 'mapping fallback: changed', last: async () => null }] : []),
  ];
}

function models(file: SiteConfigFile, current: CurrentSite, history: ChangeHistory): Touched[] {
  if (!file.models) return [];
  const changes = modelChanges(file.models, current.bindings);
  const last = (id: string) => async () => (await history.listBindingVersions(id, 1))[0] ?? null;
  return [
    ...changes.save.map(({ binding, version }) => ({
      line: `model binding ${binding.id}: ${version === 0 ? 'added' : 'changed'}`,
      last: last(binding.id),
    })),
    ...changes.remove.map(({ binding }) => ({
      line: `model binding ${binding.id}: removed`,
      last: last(binding.id),
    })),
  ];
}
