import { createConnection, createServer, type Socket } from 'node:net';
import { MqttFrames, packetType, PUBACK, PUBLISH } from './mqttFrames.js';

/**
 * A TCP proxy between a client and a broker on loopback, for the bad days of a cloud link:
 * cut (both sides closed), stall (connections accepted, nothing forwarded), cut in the middle
 * of a PUBLISH, disconnect every N ms, and PUBACKs held back and released in another order.
 * The last two read MQTT packet boundaries, so they need plain MQTT through the proxy (`mqtt`);
 * cut, stall and `cutAfterBytes` work on any stream, TLS included.
 */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** PUBACKs held back now. */
  readonly held: number;
  /** Closes every open connection, both sides; new ones are still accepted. */
  cut(): void;
  /** Forwards nothing more, on open and new connections, until `pass`. */
  stall(): void;
  /** Back to forwarding; connections that were stalled are closed (their streams lost bytes). */
  pass(): void;
  /** Forwards `bytes` bytes of the next client→broker PUBLISH, then cuts; resolves at the cut. */
  cutMidPublish(bytes: number): Promise<void>;
  /** Forwards `bytes` more client→broker bytes (any protocol), then cuts; resolves at the cut. */
  cutAfterBytes(bytes: number): Promise<void>;
  /** Cuts every `ms` until called with null. */
  disconnectEvery(ms: number | null): void;
  /** PUBACKs from the broker are held back from now on. */
  holdPubacks(): void;
  /** Sends the held PUBACKs (`reverse`: newest first) and stops holding; returns how many. */
  releasePubacks(order?: 'inOrder' | 'reverse'): number;
  stop(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket | null;
  stalled: boolean;
}

export async function startTcpProxy(
  target: { port: number; host?: string },
  options: { mqtt?: boolean } = {},
): Promise<TcpProxy> {
  const links = new Set<Link>();
  let accepted = 0;
  let stalling = false;
  let holding = false;
  let held: { link: Link; packet: Buffer }[] = [];
  let publishCut: { bytes: number; done: () => void } | null = null;
  let byteCut: { bytes: number; done: () => void } | null = null;
  let timer: NodeJS.Timeout | null = null;

  const close = (link: Link) => {
    link.client.destroy();
    link.upstream?.destroy();
    links.delete(link);
  };

  const toBroker = (link: Link, chunk: Buffer) => {
    if (link.stalled || !link.upstream) return;
    if (byteCut) {
      const cut = byteCut;
      if (chunk.length >= cut.bytes) {
        link.upstream.write(chunk.subarray(0, cut.bytes), () => close(link));
        byteCut = null;
        cut.done();
        return;
      }
      cut.bytes -= chunk.length;
    }
    link.upstream.write(chunk);
  };

  const server = createServer((client) => {
    accepted++;
    const link: Link = { client, upstream: null, stalled: stalling };
    links.add(link);
    client.on('error', () => close(link)).on('close', () => close(link));
    if (link.stalled) return;
    const upstream = createConnection({ port: target.port, host: target.host ?? '127.0.0.1' });
    link.upstream = upstream;
    upstream.on('error', () => close(link)).on('close', () => close(link));
    const up = new MqttFrames();
    const down = new MqttFrames();
    client.on('data', (chunk: Buffer) => {
      if (!options.mqtt) return toBroker(link, chunk);
      for (const packet of up.push(chunk)) {
        if (publishCut && packetType(packet) === PUBLISH) {
          const cut = publishCut;
          publishCut = null;
          upstream.write(packet.subarray(0, Math.min(cut.bytes, packet.length - 1)), () => close(link));
          cut.done();
          return;
        }
        toBroker(link, packet);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (link.stalled) return;
      if (!options.mqtt) return void client.write(chunk);
      for (const packet of down.push(chunk)) {
        if (holding && packetType(packet) === PUBACK) held.push({ link, packet });
        else client.write(packet);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cutAll = () => {
    for (const link of [...links]) close(link);
  };

  return {
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return links.size;
    },
    get held() {
      return held.length;
    },
    cut: cutAll,
    stall() {
      stalling = true;
      for (const link of links) link.stalled = true;
    },
    pass() {
      stalling = false;
      for (const link of [...links]) if (link.stalled) close(link);
    },
    cutMidPublish(bytes) {
      if (!options.mqtt)
        throw new Error('cutMidPublish reads MQTT packets: start the proxy with { mqtt: true }');
      return new Promise((resolve) => (publishCut = { bytes, done: resolve }));
    },
    cutAfterBytes(bytes) {
      return new Promise((resolve) => (byteCut = { bytes, done: resolve }));
    },
    disconnectEvery(ms) {
      if (timer) clearInterval(timer);
      timer = ms === null ? null : setInterval(cutAll, ms);
    },
    holdPubacks() {
      if (!options.mqtt)
        throw new Error('holdPubacks reads MQTT packets: start the proxy with { mqtt: true }');
      holding = true;
    },
    releasePubacks(order = 'inOrder') {
      holding = false;
      const release = order === 'reverse' ? [...held].reverse() : held;
      held = [];
      for (const { link, packet } of release) if (links.has(link)) link.client.write(packet);
      return release.length;
    },
    async stop() {
      if (timer) clearInterval(timer);
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
