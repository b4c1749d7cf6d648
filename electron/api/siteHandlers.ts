import type { SiteConfigService } from '../siteConfig/siteConfigService.js';
import type { Handlers } from './dispatcher.js';

export type SiteConfigMethods = 'site.exportConfig' | 'site.importConfig';

/** The whole-site configuration file, exported and imported by the caller the transport vouches for. */
export function siteHandlers(
  site: Pick<SiteConfigService, 'exportConfig' | 'importConfig'>,
): Pick<Handlers, SiteConfigMethods> {
  return {
    'site.exportConfig': (_params, { caller }) => site.exportConfig(caller.user),
    'site.importConfig': ({ file, dryRun }, { caller }) => site.importConfig(file, dryRun, caller.user),
  };
}
