import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Caller } from '../../shared/roles.js';
import { WsCallSchema, type WsServerMessage } from '../../shared/wire.js';
import type { Dispatch } from '../api/dispatcher.js';
import type { LiveHub } from '../live/liveHub.js';
import type { Logger } from '../platform/logger.js';

/** A browser that has not read this much of what we sent is skipped by live pushes. */
const CONGESTED_BYTES = 4 * 1024 * 1024;

export interface WsTransportDeps {
  dispatch: Dispatch;
  live: LiveHub;
  caller: Caller;
  log: Logger;
}

/**
 * The WebSocket transport at /api/ws: contract calls in, envelopes and events out. Every frame
 * is parsed with the wire schema; a malformed frame gets an error answer (or is dropped when it
 * has no id) and the connection stays up for the calls that are well formed.
 */
export class WsTransport {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  constructor(private readonly deps: WsTransportDeps) {
    this.server.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.server.emit('connection', ws, req));
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.close(1001, 'server stopping');
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    const send = (message: WsServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const session = this.deps.live.connect({
      send: (event, payload) => send({ type: 'event', event, payload }),
      isCongested: () => socket.bufferedAmount > CONGESTED_BYTES,
    });
    const context = { caller: this.deps.caller, session };
    socket.on('message', async (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(String(data));
      } catch {
        frame = undefined;
      }
      const call = WsCallSchema.safeParse(frame);
      if (!call.success) {
        this.deps.log.once('ws.bad_frame', 'warn', 'dropped a malformed WebSocket frame');
        const id = (frame as { id?: unknown } | undefined)?.id;
        if (typeof id === 'number' && Number.isInteger(id) && id >= 0) {
          send({
            type: 'result',
            id,
            envelope: { ok: false, error: { code: 'BAD_REQUEST', message: 'malformed call frame' } },
          });
        }
        return;
      }
      const envelope = await this.deps.dispatch(call.data.method, call.data.params, context);
      send({ type: 'result', id: call.data.id, envelope });
    });
    socket.on('close', () => session.close());
    socket.on('error', (error) => this.deps.log.debug(`websocket error: ${error.message}`));
  }
}
