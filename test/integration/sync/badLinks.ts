import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A CONNACK, MQTT 3.1.1, session not present, accepted. */
const CONNACK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * A broker that accepts every connection (CONNACK) and then takes whatever comes without ever
 * answering: no PUBACK, no SUBACK. What a stalled cloud endpoint looks like to the site.
 */
export async function blackHoleBroker() {
  const sockets = new Set<Socket>();
  let connections = 0;
  let bytes = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    let answered = false;
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      if (!answered) socket.write(CONNACK);
      answered = true;
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get bytes() {
      return bytes;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A TCP proxy to `targetPort` that cuts every connection through it every `everyMs`. */
export async function cuttingProxy(targetPort: number, everyMs: number) {
  const pairs = new Set<[Socket, Socket]>();
  let connections = 0;
  const server = createServer((client) => {
    connections++;
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream).pipe(client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  const timer = setInterval(() => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
  }, everyMs);
  const port = await listen(server);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    async stop() {
      clearInterval(timer);
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
