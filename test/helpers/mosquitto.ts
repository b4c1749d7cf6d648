import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MosquittoHandle {
  /** `mqtt://127.0.0.1:{port}` */
  url: string;
  port: number;
  /** Kills the broker (SIGTERM, then SIGKILL) and removes its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';
const READY_TIMEOUT_MS = 10_000;

/**
 * Starts a private Mosquitto on a free loopback port with anonymous access and no persistence,
 * and resolves once the port accepts TCP connections. Each call gets its own broker and temp
 * directory, so test files can run in parallel without seeing each other's messages.
 */
export interface MosquittoOptions {
  port?: number;
  /** Replaces the plain listener: the lines of mosquitto.conf for this port (e.g. TLS, auth). */
  listener?: (port: number) => string[];
  /** URL scheme clients use (`mqtts` for a TLS listener). */
  scheme?: string;
  /**
   * Keep sessions and queued QoS 1 messages in `mosquitto.db` in this folder (the caller's, so
   * it outlives the broker): a broker restarted with the same folder still has them. Saved on
   * every change and at a clean stop.
   */
  persistenceDir?: string;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoHandle> {
  // A given port (a broker restarted where clients expect it) is used as is.
  if (options.port !== undefined) return startOnce(options.port, options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort(), options);
    } catch (error) {
      // The free port can be taken between probing and binding; try a fresh one a few times.
      if (attempt >= 3) throw error;
    }
  }
}

async function startOnce(port: number, options: MosquittoOptions): Promise<MosquittoHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'wk-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      ...(options.listener?.(port) ?? [`listener ${port} 127.0.0.1`, 'allow_anonymous true']),
      ...(options.persistenceDir
        ? [
            'persistence true',
            `persistence_location ${options.persistenceDir}/`,
            'autosave_interval 1',
            'autosave_on_changes true',
            // Started as root, Mosquitto drops to its own user, who cannot write the test's dir.
            ...(process.getuid?.() === 0 && !options.listener ? ['user root'] : []),
          ]
        : ['persistence false']),
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`mosquitto exited early (${code ?? signal}): ${stderr.trim()}`)),
    );
  });
  exited.catch(() => {});
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await kill(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitForPort(port), exited]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `${options.scheme ?? 'mqtt'}://127.0.0.1:${port}`, port, stop };
}

/** Asks the OS for an unused loopback port, then releases it for Mosquitto. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not accept connections on 127.0.0.1:${port} within ${READY_TIMEOUT_MS} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
