import type { TagMeta } from '../../shared/domain.js';
import type { MappingRuleEntry } from '../../shared/jsonMapping.js';
import type { BrokerConfig } from '../../shared/siteConfig.js';
import {
  SITE_CONFIG_FORMAT,
  SITE_CONFIG_VERSION,
  parseSiteConfigFile,
  type ImportResult,
  type SiteConfigFile,
} from '../../shared/siteConfigFile.js';
import type { JsonMappings } from '../connectivity/json/jsonMappings.js';
import type { StoredBinding } from '../config/types.js';
import type { Logger } from '../platform/logger.js';
import type { TagSettings } from '../tags/tagSettings.js';
import {
  alarmReferenceWarnings,
  modelChanges,
  modelFileWarnings,
  planImport,
  tagProblems,
  type CurrentSite,
  type ModelChanges,
} from './importPlan.js';

/** The site's brokers as the runtime holds them. */
export interface SiteBrokers {
  /** The brokers the site runs with, as configured: empty when it uses the embedded one. */
  configured(): BrokerConfig[];
  /** Stores the list in config.db and swaps the running links to it. */
  replace(brokers: BrokerConfig[], by: string): Promise<void>;
}

/** The site's model bindings as the inference runtime holds them. */
export interface SiteModels {
  /** Bindings stored in config.db, with their versions. */
  stored(): Promise<StoredBinding[]>;
  /** Whether a model file is in the data folder's models/ or among the shipped models. */
  hasFile(file: string): boolean;
  /** Stores and deletes as versions made `by`, as models.saveBinding does, and puts them in force. */
  apply(changes: ModelChanges, by: string): Promise<void>;
}

export interface SiteConfigDeps {
  brokers: SiteBrokers;
  mappings: Pick<JsonMappings, 'list' | 'replaceAll'>;
  settings: Pick<TagSettings, 'configured' | 'importConfigs'>;
  models: SiteModels;
  /** A known tag (its type and range); undefined for one not seen yet. */
  tag(id: string): Pick<TagMeta, 'dataType' | 'engLow' | 'engHigh'> | undefined;
  log: Logger;
  now?: () => number;
}

/**
 * The whole site's configuration as one file (shared/siteConfigFile.ts): exported from what is
 * in force, imported through the same services the screens use — mapping rules replaced so the
 * subscriptions follow, tag and device configurations saved as versions by the importer, brokers
 * stored and the links swapped, model bindings saved as versions by the importer. `watchkeeper serve --config` comes through here too. Imports
 * run one at a time, so a dry run's answer is not mixed up with an apply in progress.
 */
export class SiteConfigService {
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SiteConfigDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {}

  async stop(): Promise<void> {
    await this.queue.catch(() => {});
  }

  async exportConfig(user: string): Promise<SiteConfigFile> {
    const current = await this.current();
    const configured = (items: CurrentSite['tags']) =>
      items.filter((item) => Object.keys(item.config).length > 0).map(({ id, config }) => ({ id, config }));
    return {
      format: SITE_CONFIG_FORMAT,
      version: SITE_CONFIG_VERSION,
      exportedMs: this.now(),
      exportedBy: user,
      brokers: current.brokers.map((broker) => ({ ...broker, url: withoutUrlPassword(broker.url) })),
      mappings: {
        rules: current.rules.map(({ updatedMs: _u, savedBy: _s, ...rule }): MappingRuleEntry => rule),
        fallback: current.fallback,
      },
      devices: configured(current.devices) as SiteConfigFile['devices'],
      tags: configured(current.tags) as SiteConfigFile['tags'],
      models: current.bindings.map((stored) => stored.binding),
    };
  }

  /** Checks a file whole; applies it unless `dryRun`. Invalid: every problem, nothing changed. */
  importConfig(raw: unknown, dryRun: boolean, user: string): Promise<ImportResult> {
    const run = this.queue.then(() => this.importNow(raw, dryRun, user));
    this.queue = run.catch(() => {});
    return run;
  }

  private async importNow(raw: unknown, dryRun: boolean, user: string): Promise<ImportResult> {
    const parsed = parseSiteConfigFile(raw);
    if (!parsed.ok) return parsed;
    const { file } = parsed;
    const problems = tagProblems(file, (id) => this.deps.tag(id));
    if (problems.length > 0) return { ok: false, problems };
    const warnings = [
      ...alarmReferenceWarnings(file, (id) => this.deps.tag(id) !== undefined),
      ...modelFileWarnings(file, (name) => this.deps.models.hasFile(name)),
    ];
    const current = await this.current();
    const plan = { ...planImport(file, current), ...(warnings.length > 0 ? { warnings } : {}) };
    if (dryRun) return { ok: true, dryRun, ...plan };
    const by = `${user} (import)`;
    await this.deps.mappings.replaceAll(file.mappings.rules, file.mappings.fallback, by);
    await this.deps.settings.importConfigs('device', file.devices, by);
    await this.deps.settings.importConfigs('tag', file.tags, by);
    if (plan.brokers.changed)
      await this.deps.brokers.replace(
        file.brokers.map(({ password: _password, ...broker }) => broker),
        by,
      );
    if (file.models) await this.deps.models.apply(modelChanges(file.models, current.bindings), by);
    this.deps.log.info(
      `site configuration imported by ${user}: ${plan.rules.added.length + plan.rules.replaced.length} rules added or replaced, ` +
        `${plan.rules.removed.length} removed, ${plan.devices.configured} devices and ${plan.tags.configured} tags configured` +
        `${plan.brokers.changed ? `, brokers now ${plan.brokers.after.join(', ')}` : ''}` +
        `${plan.models ? `, model bindings ${plan.models.added.length} added, ${plan.models.changed.length} changed, ${plan.models.removed.length} removed` : ''}`,
    );
    return { ok: true, dryRun, ...plan };
  }

  /** The site as configured now, as much as an import may change (the downward path's conflict check). */
  inForce(): Promise<CurrentSite> {
    return this.current();
  }

  private async current(): Promise<CurrentSite> {
    const { rules, fallback } = this.deps.mappings.list();
    return {
      brokers: this.deps.brokers.configured(),
      rules,
      fallback,
      devices: await this.deps.settings.configured('device'),
      tags: await this.deps.settings.configured('tag'),
      bindings: await this.deps.models.stored(),
    };
  }
}

/** A URL given on the command line may hold a password; a file never does. */
function withoutUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
