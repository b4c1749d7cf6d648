import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi, type PreloadIpc } from './shell/preloadApi.js';
import { createDesktopExportApi } from './shell/preloadExport.js';

const ipc: PreloadIpc = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => void ipcRenderer.on(channel, listener),
};

// Sandboxed preload (bundled to one CommonJS file): exposes the contract's call/on and, beside
// it, the desktop's CSV export (save dialog); nothing else.
contextBridge.exposeInMainWorld('watchkeeper', createPreloadApi(ipc));
contextBridge.exposeInMainWorld('watchkeeperDesktop', createDesktopExportApi(ipc));
