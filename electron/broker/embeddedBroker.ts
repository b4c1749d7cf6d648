import { Aedes } from 'aedes';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Logger } from '../platform/logger.js';

/**
 * An MQTT broker inside the app (Aedes) for sites with nothing configured: the demo plant and
 * the app's own client meet on it. It listens on loopback only, so it never exposes the site.
 * The preferred port is the standard 1883 so MQTT tools can look in; if that is taken (a real
 * broker runs here), any free port is used instead.
 */
export class EmbeddedBroker {
  private broker: Aedes | null = null;
  private server: Server | null = null;
  private port_ = 0;

  constructor(
    private readonly log: Logger,
    private readonly preferredPort = 1883,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port_}`;
  }

  async start(): Promise<void> {
    const broker = await Aedes.createBroker();
    broker.on('clientError', (client, error) => this.log.debug(`client ${client.id}: ${error.message}`));
    this.broker = broker;
    const server = createServer(broker.handle);
    this.server = server;
    this.port_ = await listen(server, this.preferredPort).catch(() => listen(server, 0));
    this.log.info(`embedded MQTT broker on ${this.url}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    const broker = this.broker;
    this.server = null;
    this.broker = null;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}
