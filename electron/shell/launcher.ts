import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runServeCommand } from '../cli.js';
import { electronSqliteBinding } from './nativeForElectron.js';

/**
 * `npm start`: opens the desktop app when Electron can run here, else says why in one line and
 * serves the same app on loopback. Electron's binary comes from GitHub on first use; when the
 * install skipped it (ELECTRON_SKIP_BINARY_DOWNLOAD) it is fetched now, once.
 */
const require = createRequire(import.meta.url);
const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function electronBinary(): string | null {
  try {
    return require('electron') as string;
  } catch {
    return null;
  }
}

/** Runs Electron's own installer, which downloads the binary; false when that fails. */
function fetchElectron(): boolean {
  let installer: string;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return false;
  }
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  process.stdout.write('Fetching the Electron runtime (first start only)…\n');
  return (
    spawnSync(process.execPath, [installer], { env, stdio: 'ignore', timeout: 10 * 60_000 }).status === 0
  );
}

function electronVersion(): string {
  return (require('electron/package.json') as { version: string }).version;
}

function whyNoWindow(): string | null {
  if (process.env.WATCHKEEPER_NO_ELECTRON) return 'WATCHKEEPER_NO_ELECTRON is set';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display';
  return null;
}

async function launch(): Promise<number> {
  const argv = process.argv.slice(2);
  const noWindow = whyNoWindow();
  const binary = noWindow ? null : (electronBinary() ?? (fetchElectron() ? electronBinary() : null));
  const sqlite = binary ? electronSqliteBinding(appRoot, electronVersion()) : null;
  if (binary && sqlite) {
    const env = { ...process.env, WATCHKEEPER_SQLITE_BINDING: sqlite };
    const child = spawn(binary, [appRoot, ...argv], { stdio: 'inherit', env });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  const reason =
    noWindow ??
    (binary
      ? 'the SQLite module for Electron could not be fetched'
      : 'the Electron runtime could not be fetched (no access to its download site)');
  await runServeCommand(argv, `No desktop window: ${reason}. Serving the same app in your browser instead.`);
  return 0;
}

process.exit(await launch());
