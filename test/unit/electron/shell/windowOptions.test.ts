import { describe, expect, it } from 'vitest';
import { APP_URL, isAppUrl, mainWindowOptions } from '../../../../electron/shell/windowOptions.js';

describe('the main window options', () => {
  const { webPreferences } = mainWindowOptions('/app/preload.cjs');

  it('isolate the page from Node and Electron', () => {
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('load only the bundled preload', () => {
    expect(webPreferences.preload).toBe('/app/preload.cjs');
  });

  it('open the app from its own origin, not file://', () => {
    expect(APP_URL).toBe('app://watchkeeper/index.html');
  });
});

describe('the app origin check', () => {
  it.each([
    ['app://watchkeeper/index.html', true],
    ['app://watchkeeper/assets/x.js', true],
    ['app://watchkeeper.evil.com/', false],
    ['app://evil/watchkeeper', false],
    ['https://watchkeeper/', false],
    ['file:///app/index.html', false],
    ['app://watchkeeper@evil.com/', false],
    ['not a url', false],
    [undefined, false],
  ])('%s is ours: %s', (url, ours) => {
    expect(isAppUrl(url)).toBe(ours);
  });
});
