import type { ControlRoomApi } from '../../shared/contract.js';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the renderer runs in a plain browser. */
    readonly watchkeeper?: ControlRoomApi;
  }
}

export {};
