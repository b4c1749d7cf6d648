import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './shell/preloadApi.js';

// Sandboxed preload (bundled to one CommonJS file): exposes the contract's call/on and nothing else.
contextBridge.exposeInMainWorld(
  'watchkeeper',
  createPreloadApi({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) => void ipcRenderer.on(channel, listener),
  }),
);
