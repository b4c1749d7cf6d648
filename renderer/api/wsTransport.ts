import type { ClientTransport } from '../../shared/client.js';
import type { MethodName } from '../../shared/contract.js';
import { ApiError } from '../../shared/errors.js';
import { WsServerMessageSchema, type WsCall } from '../../shared/wire.js';
import type { LinkObserver, LinkStatus } from './connection.js';

/**
 * The browser's ClientTransport: calls and events over one WebSocket to `/api/ws`, with call ids
 * matched to answers, a timeout per call, and reconnects with backoff. Every call still in flight
 * when the socket closes fails at once with UNAVAILABLE, so no caller waits on a dead link.
 */

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(): void;
}

/** One socket as the transport needs it; a fake in tests, the browser's WebSocket otherwise. */
export interface SocketHandle {
  send(text: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketHandle;

export interface WsTransportOptions {
  url: string;
  connect?: SocketFactory;
  callTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  warn?: (message: string) => void;
}

export interface WsTransport extends ClientTransport, LinkObserver {
  start(): void;
  stop(): void;
}

interface PendingCall {
  method: MethodName;
  frame: string;
  sent: boolean;
  timer: ReturnType<typeof setTimeout>;
  resolve(envelope: unknown): void;
  reject(error: ApiError): void;
}

/** `ws://host/api/ws` or `wss://…`, following the page's own origin. */
export function defaultWsUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/api/ws`;
}

export const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => handlers.onMessage(event.data);
  // An error event is always followed by close, which is where the transport reacts.
  ws.onclose = () => handlers.onClose();
  return { send: (text) => ws.send(text), close: () => ws.close() };
};

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const connect = options.connect ?? browserSocket;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const minBackoffMs = options.minBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const warn = options.warn ?? ((message: string) => console.warn(`[ws] ${message}`));

  const pending = new Map<number, PendingCall>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const connectedListeners = new Set<() => void>();

  let socket: SocketHandle | null = null;
  let open = false;
  let stopped = true;
  let status: LinkStatus = 'connecting';
  let nextId = 1;
  let backoffMs = minBackoffMs;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  function setStatus(next: LinkStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function settle(id: number): PendingCall | undefined {
    const call = pending.get(id);
    if (!call) return undefined;
    pending.delete(id);
    clearTimeout(call.timer);
    return call;
  }

  function failAll(message: string): void {
    for (const id of [...pending.keys()]) settle(id)?.reject(new ApiError('UNAVAILABLE', message));
  }

  function handleFrame(data: unknown): void {
    let raw: unknown;
    try {
      raw = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      warn('dropped a frame that is not JSON text');
      return;
    }
    const parsed = WsServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      warn('dropped a malformed frame');
      // A broken answer to a call we are waiting on fails that call now rather than at its timeout.
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number') {
        const call = settle(id);
        call?.reject(new ApiError('INTERNAL', `malformed answer to ${call.method}`));
      }
      return;
    }
    const message = parsed.data;
    if (message.type === 'result') {
      // An unknown id is an answer that arrived after its call timed out: nothing waits for it.
      settle(message.id)?.resolve(message.envelope);
      return;
    }
    for (const listener of eventListeners) listener(message.event, message.payload);
  }

  function openSocket(): void {
    reconnectTimer = null;
    let current: SocketHandle | null = null;
    const isCurrent = () => current !== null && socket === current;
    const handlers: SocketHandlers = {
      onOpen() {
        if (!isCurrent()) return;
        open = true;
        backoffMs = minBackoffMs;
        for (const call of pending.values()) {
          if (!call.sent) {
            call.sent = true;
            current?.send(call.frame);
          }
        }
        setStatus('connected');
        for (const listener of connectedListeners) listener();
      },
      onMessage(data) {
        if (isCurrent()) handleFrame(data);
      },
      onClose() {
        if (!isCurrent()) return;
        socket = null;
        open = false;
        failAll('the connection to the app server closed');
        if (stopped) return;
        setStatus('reconnecting');
        reconnectTimer = setTimeout(openSocket, backoffMs);
        backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
      },
    };
    try {
      current = connect(options.url, handlers);
      socket = current;
    } catch (error) {
      warn(`cannot open ${options.url}: ${String(error)}`);
      setStatus('reconnecting');
      reconnectTimer = setTimeout(openSocket, backoffMs);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    }
  }

  return {
    request(method, params) {
      // While the first socket is still opening the call waits for it; between sockets it fails.
      if (stopped || socket === null) {
        return Promise.reject(new ApiError('UNAVAILABLE', 'not connected to the app server'));
      }
      const id = nextId++;
      const frame: WsCall = { type: 'call', id, method, params };
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(id);
          reject(new ApiError('TIMEOUT', `${method} got no answer within ${callTimeoutMs / 1000} s`));
        }, callTimeoutMs);
        const call: PendingCall = {
          method,
          frame: JSON.stringify(frame),
          sent: open,
          timer,
          resolve,
          reject,
        };
        pending.set(id, call);
        if (open) socket?.send(call.frame);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
    },
    getStatus: () => status,
    onStatusChange(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onConnected(listener) {
      connectedListeners.add(listener);
      return () => connectedListeners.delete(listener);
    },
    start() {
      if (!stopped) return;
      stopped = false;
      openSocket();
    },
    stop() {
      stopped = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const closing = socket;
      socket = null;
      open = false;
      closing?.close();
      failAll('the client stopped');
    },
  };
}
