import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Caller } from '../../shared/roles.js';
import type { Dispatch } from '../api/dispatcher.js';
import type { LiveHub } from '../live/liveHub.js';
import { errorMessage, type Logger } from '../platform/logger.js';
import type { AlarmCsvSource } from '../export/alarmJournalCsv.js';
import type { CsvExportSource } from '../export/csvStream.js';
import { handleApiRequest, sendError, type HttpApiDeps } from './httpApi.js';
import { serveStatic } from './staticFiles.js';
import { WsTransport } from './wsTransport.js';

export interface AppServerOptions {
  host: string;
  port: number;
  staticDir: string;
  dispatch: Dispatch;
  live: LiveHub;
  caller: Caller;
  tagKey(id: string): number | undefined;
  historian: CsvExportSource;
  /** The alarm journal's CSV pages (config.db). */
  alarmJournal: AlarmCsvSource;
  log: Logger;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Methods that change nothing; any other must pass the origin check. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * `watchkeeper serve`'s server: the built UI, the HTTP API and the WebSocket API on one
 * loopback port. Requests must name a loopback Host (so a DNS-rebinding page cannot reach the
 * API); WebSocket upgrades and writes (POST) must come from our own origin (so another site open
 * in the operator's browser cannot drive the control room).
 */
export class AppServer {
  private server: Server | null = null;
  private readonly ws: WsTransport;
  private port_ = 0;
  private readonly api: HttpApiDeps;

  constructor(private readonly options: AppServerOptions) {
    // HTTP callers have no live session: the read API never subscribes.
    const session = { subscribe: () => 0, close: () => {} };
    this.api = {
      dispatch: options.dispatch,
      context: { caller: options.caller, session },
      tagKey: options.tagKey,
      historian: options.historian,
      alarmJournal: options.alarmJournal,
      log: options.log,
    };
    this.ws = new WsTransport({
      dispatch: options.dispatch,
      live: options.live,
      caller: options.caller,
      log: options.log,
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port_}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      const ours = this.hostTrusted(req) && this.originTrusted(req);
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/api/ws' || !ours) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.ws.handleUpgrade(req, socket, head);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.port_ = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await this.ws.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!this.hostTrusted(req)) {
        return sendError(res, 403, {
          code: 'FORBIDDEN',
          message: 'requests must be addressed to a loopback host',
        });
      }
      if (!READ_METHODS.has(req.method ?? '') && !this.originTrusted(req)) {
        return sendError(res, 403, {
          code: 'FORBIDDEN',
          message: "a write must come from this app's own page or from a tool, not from another site",
        });
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        await handleApiRequest(this.api, req, res, url);
        return;
      }
      serveStatic(this.options.staticDir, url.pathname, res);
    } catch (error) {
      this.options.log.error(`${req.method} ${req.url?.slice(0, 200)} failed: ${errorMessage(error)}`);
      if (!res.headersSent)
        sendError(res, 500, { code: 'INTERNAL', message: 'internal error; see the app log' });
      else res.destroy();
    }
  }

  private hostTrusted(req: IncomingMessage): boolean {
    const host = hostName(req.headers.host);
    return host !== null && LOOPBACK_HOSTS.has(host);
  }

  /**
   * A browser names the page a request comes from (Origin) on upgrades and writes: only our own
   * loopback origin may drive the control room, so another site open in the operator's browser
   * cannot. Without an Origin it is not a browser: scripts and tools may connect.
   */
  private originTrusted(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    try {
      const url = new URL(origin);
      return LOOPBACK_HOSTS.has(url.hostname) && url.port === String(this.port_);
    } catch {
      return false;
    }
  }
}

function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(header);
  return match?.[1]?.toLowerCase() ?? null;
}
