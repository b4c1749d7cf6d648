import type { Logger } from '../../electron/platform/logger.js';
import { rendererDir, type Serving } from '../../electron/serve.js';
import { AppServer } from '../../electron/server/appServer.js';

/**
 * A second server, started, over a running `serve` runtime, whose every caller is a viewer (as a
 * wall display would be): for checking what the roles allow. The caller stops it.
 */
export async function startViewerServer(
  serving: Serving,
  log: Logger,
  staticDir = rendererDir(),
): Promise<AppServer> {
  const viewer = new AppServer({
    host: '127.0.0.1',
    port: 0,
    staticDir,
    dispatch: serving.runtime.dispatch,
    live: serving.runtime.live,
    caller: { user: 'wall display', roles: ['viewer'] },
    tagKey: () => undefined,
    historian: serving.runtime.historian,
    alarmJournal: serving.runtime.configDb,
    log,
  });
  await viewer.start();
  return viewer;
}
