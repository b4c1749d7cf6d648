import { fileURLToPath } from 'node:url';
import type { Logger } from './platform/logger.js';
import { LOCAL_ROLES, type RuntimeConfigInput } from './runtime/config.js';
import { Runtime } from './runtime/runtime.js';
import { AppServer } from './server/appServer.js';

export interface ServeOptions {
  runtime: RuntimeConfigInput;
  host?: string;
  /** 0 picks any free port. */
  port: number;
  /** When the port is taken, fall back to any free port instead of failing. */
  anyPortIfTaken?: boolean;
  log: Logger;
}

export interface Serving {
  runtime: Runtime;
  url: string;
  stop(): Promise<void>;
}

/**
 * The built UI: out/renderer, next to the built code (out/electron) — or, when running from
 * sources, under out/ at the top (renderer/ there holds the unbuilt sources).
 */
export function rendererDir(): string {
  const fromSources = import.meta.url.endsWith('.ts');
  return fileURLToPath(new URL(fromSources ? '../out/renderer' : '../renderer', import.meta.url));
}

/** Starts the runtime and serves the UI and API on loopback: `watchkeeper serve`. */
export async function startServing(options: ServeOptions): Promise<Serving> {
  const runtime = new Runtime(options.runtime, options.log);
  await runtime.start();
  const serverOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port,
    staticDir: rendererDir(),
    dispatch: runtime.dispatch,
    live: runtime.live,
    caller: { user: runtime.config.localUser, roles: LOCAL_ROLES },
    tagKey: (id: string) => runtime.tags.get(id)?.key,
    historian: runtime.historian,
    alarmJournal: runtime.configDb,
    log: options.log.child('http'),
  };
  let server = new AppServer(serverOptions);
  try {
    await server.start();
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE' || !options.anyPortIfTaken) {
      await runtime.stop();
      throw error;
    }
    options.log.warn(`port ${options.port} is in use; serving on a free port instead`);
    server = new AppServer({ ...serverOptions, port: 0 });
    await server.start();
  }
  return {
    runtime,
    url: server.url,
    stop: async () => {
      await server.stop();
      await runtime.stop();
    },
  };
}
