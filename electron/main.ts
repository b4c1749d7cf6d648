import {
  app,
  BrowserWindow,
  dialog,
  powerSaveBlocker,
  safeStorage,
  session,
  type BrowserWindowConstructorOptions,
} from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyringCredentials } from './credentials/keyringCredentials.js';
import { CsvExportJobs } from './export/exportJobs.js';
import { createLogger, errorMessage } from './platform/logger.js';
import { readBrokersFile } from './runtime/brokersFile.js';
import { LOCAL_ROLES } from './runtime/config.js';
import { Runtime } from './runtime/runtime.js';
import { rendererDir } from './serve.js';
import { registerAppScheme, serveAppProtocol } from './shell/appProtocol.js';
import { registerExportIpc } from './shell/exportIpc.js';
import { registerIpcTransport } from './shell/ipcTransport.js';
import { utilityLauncher } from './shell/utilityLauncher.js';
import { APP_URL, isAppUrl, mainWindowOptions } from './shell/windowOptions.js';

/**
 * The desktop shell, kept thin: window, protocol, IPC, single-instance lock and power-save
 * blocker. Everything else is the same runtime that `watchkeeper serve` runs.
 */
const log = createLogger('watchkeeper');
let window: BrowserWindow | null = null;
let runtime: Runtime | null = null;
let csvExports: CsvExportJobs | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(start, fail);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!runtime) return;
    event.preventDefault();
    const stopping = runtime;
    runtime = null;
    // Exports under way stop first, so their partial files go while the historian still answers.
    Promise.resolve(csvExports?.stop())
      .then(() => stopping.stop())
      .finally(() => app.quit());
  });
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveAppProtocol(rendererDir());

  const brokerUrl = process.env.WATCHKEEPER_BROKER ?? null;
  const brokersFile = process.env.WATCHKEEPER_BROKERS;
  const brokers = brokersFile ? readBrokersFile(brokersFile) : { ok: true as const, brokers: [] };
  if (!brokers.ok) throw new Error(brokers.message);
  const dataDir = join(app.getPath('userData'), 'data');
  runtime = new Runtime(
    {
      dataDir,
      brokerUrl,
      brokers: brokers.brokers,
      sqliteBinding: process.env.WATCHKEEPER_SQLITE_BINDING,
    },
    log,
    {
      // Broker passwords encrypted by the OS keyring, never in plain text where one exists.
      credentials: new KeyringCredentials({
        path: join(dataDir, 'credentials.keyring.json'),
        safeStorage,
        platform: process.platform,
      }),
      // onnxruntime in a utility process: a model that hangs or crashes cannot take the app down.
      processLauncher: utilityLauncher,
    },
  );
  await runtime.start();
  registerIpcTransport({
    dispatch: runtime.dispatch,
    live: runtime.live,
    caller: { user: runtime.config.localUser, roles: LOCAL_ROLES },
  });
  const { historian, tags, configDb } = runtime;
  csvExports = new CsvExportJobs({
    source: historian,
    alarmJournal: runtime.configDb,
    tagKey: (id) => tags.get(id)?.key,
    alarmReports: configDb,
    log: log.child('export'),
  });
  registerExportIpc(csvExports);
  powerSaveBlocker.start('prevent-display-sleep');

  const preload = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
  window = new BrowserWindow(mainWindowOptions(preload) satisfies BrowserWindowConstructorOptions);
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  await window.loadURL(APP_URL);
}

function fail(error: unknown): void {
  log.error(`start-up failed: ${errorMessage(error)}`);
  dialog.showErrorBox('Watchkeeper could not start', errorMessage(error));
  app.exit(1);
}
