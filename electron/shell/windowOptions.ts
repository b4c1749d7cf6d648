/**
 * The main window's options, kept free of Electron imports so a unit test can assert every
 * security-relevant setting (../shared/reference/electron-platform.md). main.ts checks the
 * object against Electron's own type with `satisfies`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'watchkeeper';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1600,
    height: 1000,
    minWidth: 1024,
    minHeight: 700,
    title: 'Watchkeeper',
    backgroundColor: '#d6d6d6',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  } as const;
}

/** True only for our own app:// origin; parsed, never compared as a string prefix. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
