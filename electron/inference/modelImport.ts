import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_MODEL_FILE_BYTES, type ModelFileInfo, type ModelSignature } from '../../shared/models.js';
import { errorMessage } from '../platform/logger.js';
import type { ModelWorker } from './modelSessions.js';

const MAX_MODEL_BYTES = MAX_MODEL_FILE_BYTES;

export type ImportOutcome =
  | { ok: true; file: ModelFileInfo; signature: ModelSignature }
  | { ok: false; code: 'BAD_REQUEST' | 'UNAVAILABLE'; message: string };

/**
 * Puts a user's model file into the data folder's models/: written under a temporary name the
 * folder watcher ignores, opened in the inference process (so a corrupt file, or one onnxruntime
 * cannot read, is refused with its reason and nothing is replaced), then renamed into place in
 * one step — the watcher then reloads every binding of that file, as for a file copied in.
 */
export async function importModel(
  deps: { worker: Pick<ModelWorker, 'load' | 'unload'>; modelsDir: string },
  file: string,
  bytes: Uint8Array,
): Promise<ImportOutcome> {
  if (bytes.length === 0) return { ok: false, code: 'BAD_REQUEST', message: `${file} is empty` };
  if (bytes.length > MAX_MODEL_BYTES)
    return { ok: false, code: 'BAD_REQUEST', message: `${file} is larger than ${MAX_MODEL_BYTES} bytes` };
  await mkdir(deps.modelsDir, { recursive: true });
  const id = randomUUID();
  // A leading dot and no .onnx ending: never a model file name, so the watcher leaves it alone.
  const temp = join(deps.modelsDir, `.upload-${id}.tmp`);
  const key = `upload:${id}`;
  try {
    await writeFile(temp, bytes);
    let signature: ModelSignature;
    try {
      signature = { file, ...(await deps.worker.load(key, temp)) };
    } catch (error) {
      const unavailable = (error as { code?: string }).code === 'RUNTIME_UNAVAILABLE';
      return {
        ok: false,
        code: unavailable ? 'UNAVAILABLE' : 'BAD_REQUEST',
        message: unavailable
          ? `the model runtime is unavailable, so ${file} cannot be checked: ${errorMessage(error)}`
          : `${file} is not a model onnxruntime can load: ${errorMessage(error)}`,
      };
    }
    await deps.worker.unload(key).catch(() => {});
    const path = join(deps.modelsDir, file);
    await rename(temp, path);
    const info = await stat(path);
    return {
      ok: true,
      file: { file, source: 'data', bytes: info.size, modifiedMs: Math.floor(info.mtimeMs) },
      signature,
    };
  } finally {
    await rm(temp, { force: true });
  }
}
