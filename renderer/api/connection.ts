import type { ControlRoomApi } from '../../shared/contract.js';

/** The renderer's link to the app server: `connecting` until the first connect succeeds. */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting';

/** What the transport tells the rest of the renderer about its link. */
export interface LinkObserver {
  getStatus(): LinkStatus;
  onStatusChange(listener: (status: LinkStatus) => void): () => void;
  /** Fires on every successful connect, the first one included: the moment to (re)load state. */
  onConnected(listener: () => void): () => void;
}

/** An API plus its link. Nothing connects until `start()`. */
export interface Connection extends LinkObserver {
  readonly api: ControlRoomApi;
  /** `ipc` inside Electron (the link cannot drop), `websocket` in a browser. */
  readonly kind: 'ipc' | 'websocket';
  start(): void;
  stop(): void;
}
