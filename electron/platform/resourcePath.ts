import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a file shipped in resources/ is: beside the packaged app (electron-builder's
 * extraResources puts the folder in `process.resourcesPath`), or in the source tree, found by
 * walking up from this module — the same from `electron/` under tests and `out/electron/` built.
 */
export function resourcePath(...parts: string[]): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'resources', ...parts)))
    return join(packaged, 'resources', ...parts);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'resources', ...parts);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`shipped resource ${parts.join('/')} is missing`);
}
