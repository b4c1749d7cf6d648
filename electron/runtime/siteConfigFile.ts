import { readFileSync } from 'node:fs';
import { parseSiteConfigFile, type SiteConfigFile } from '../../shared/siteConfigFile.js';
import { errorMessage } from '../platform/logger.js';

/**
 * A whole-site configuration file (`--config`), read and checked before anything starts, so a
 * wrong file stops the command with every problem in it and nothing written. Read synchronously:
 * it is read once, before any service runs.
 */
export function readSiteConfigFile(
  path: string,
): { ok: true; file: SiteConfigFile } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, message: `cannot read site configuration ${path}: ${errorMessage(error)}` };
  }
  const parsed = parseSiteConfigFile(json);
  if (parsed.ok) return parsed;
  const count = parsed.problems.length === 1 ? 'a problem' : `${parsed.problems.length} problems`;
  return {
    ok: false,
    message: `site configuration ${path} has ${count}, nothing was changed:\n  ${parsed.problems.join('\n  ')}`,
  };
}
