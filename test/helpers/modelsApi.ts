import { createDispatcher, type CallContext, type Handlers } from '../../electron/api/dispatcher.js';
import { modelHandlers } from '../../electron/api/modelHandlers.js';
import { ConfigDb } from '../../electron/config/configDb.js';
import { InputErrors } from '../../electron/connectivity/inputErrors.js';
import { Historian } from '../../electron/historian/historian.js';
import { Inference } from '../../electron/inference/inference.js';
import { Ingest } from '../../electron/ingest/ingest.js';
import { createMemoryLogger } from '../../electron/platform/logger.js';
import { DeviceRegistry } from '../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../electron/tags/tagRegistry.js';
import { Quality } from '../../shared/quality.js';
import type { Role } from '../../shared/roles.js';
import type { Envelope } from '../../shared/wire.js';

const session = { subscribe: () => 0, close: () => {} };
export const as = (user: string, role: Role): CallContext => ({ caller: { user, roles: [role] }, session });

/**
 * models.* as the runtime serves them, over real parts: the dispatcher, the config.db and
 * historian workers, ingest with its registries, and inference with its onnxruntime worker.
 */
export async function startModelsApi(dataDir: string) {
  const log = createMemoryLogger();
  const historian = new Historian({ path: `${dataDir}/historian.db`, log });
  const configDb = new ConfigDb({ path: `${dataDir}/config.db`, log });
  const tags = new TagRegistry(historian);
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000 });
  let inference: Inference | null = null;
  const ingest = new Ingest({
    tags,
    devices,
    errors: new InputErrors(log),
    historian,
    onValueChanged: (id) => inference?.observe(id),
    onDevicesChanged: () => {},
  });
  inference = new Inference({ dataDir, store: configDb, ingest, tags, history: historian, log });
  const dispatch = createDispatcher(modelHandlers(inference) as Handlers, log);
  await Promise.all([historian.start(), configDb.start()]);
  await tags.start();
  await inference.start();
  const models = inference;
  return {
    inference: models,
    tags,
    historian,
    log,
    call: (method: string, params: unknown, context = as('erin', 'engineer')) =>
      dispatch(method, params, context),
    result<T>(envelope: Envelope): T {
      if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
      return envelope.result as T;
    },
    /** Samples of one JSON device in one message. */
    feed(
      device: string,
      samples: { tag: string; ts: number; value: number | null; quality?: number }[],
    ): void {
      ingest.accept({
        kind: 'samples',
        device: { id: device, area: device.split('/')[0]!, protocol: 'json' },
        samples: samples.map((s) => ({ ...s, quality: s.quality ?? Quality.Good })),
      });
    },
    async stop(): Promise<void> {
      await models.stop();
      await Promise.all([historian.stop(), configDb.stop()]);
    },
  };
}
