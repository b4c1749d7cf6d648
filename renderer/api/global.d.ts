import type { ControlRoomApi } from '../../shared/contract.js';
import type { DesktopExportApi } from '../../shared/csvExport.js';

declare global {
  interface Window {
    /** Provided by the Electron preload; absent when the renderer runs in a plain browser. */
    readonly watchkeeper?: ControlRoomApi;
    /** The desktop app's CSV export through a save dialog; absent in a plain browser. */
    readonly watchkeeperDesktop?: DesktopExportApi;
  }
}

export {};
