import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * better-sqlite3 is built for Node's ABI in node_modules (the tests need that); Electron needs
 * its own build. For `npm start` we keep an Electron build in a cache folder and hand it to the
 * historian through better-sqlite3's `nativeBinding` option, never touching node_modules
 * (../shared/reference/electron-platform.md). Packaged apps are rebuilt by electron-builder.
 */
const require = createRequire(import.meta.url);

export function electronSqliteBinding(appRoot: string, electronVersion: string): string | null {
  const cache = join(
    appRoot,
    'node_modules',
    '.cache',
    'watchkeeper',
    `better-sqlite3-electron-${electronVersion}-${process.arch}`,
  );
  const binding = join(cache, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  let source: string;
  let prebuild: string;
  try {
    source = dirname(require.resolve('better-sqlite3/package.json'));
    prebuild = require.resolve('prebuild-install/bin.js');
  } catch {
    return null;
  }
  mkdirSync(cache, { recursive: true });
  for (const part of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    cpSync(join(source, part), join(cache, part), { recursive: true });
  }
  // Fetches the prebuilt binary for this Electron from better-sqlite3's releases.
  spawnSync(
    process.execPath,
    [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch],
    {
      cwd: cache,
      stdio: 'ignore',
      timeout: 5 * 60_000,
    },
  );
  return existsSync(binding) ? binding : null;
}
