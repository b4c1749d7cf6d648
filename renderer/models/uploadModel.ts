import { methods, type ControlRoomApi, type Result } from '../../shared/contract.js';
import { ApiError, ApiErrorSchema } from '../../shared/errors.js';
import { ModelFileSchema } from '../../shared/modelBindings.js';
import { MAX_MODEL_FILE_BYTES } from '../../shared/models.js';

export type UploadResult = Result<'models.importFile'>;

/** Why a picked file cannot be sent as it is, or null when it can. */
export function uploadProblem(name: string, bytes: number): string | null {
  const parsed = ModelFileSchema.safeParse(name);
  if (!parsed.success) return `${name}: ${parsed.error.issues[0]?.message ?? 'not a model file name'}`;
  if (bytes === 0) return `${name} is empty`;
  if (bytes > MAX_MODEL_FILE_BYTES) return `${name} is larger than ${MAX_MODEL_FILE_BYTES / 1024 / 1024} MiB`;
  return null;
}

/**
 * Sends a model file to the app: through IPC inside Electron (the bytes cross as they are), else
 * by `POST /api/models/{file}` to the page's own server — the WebSocket carries JSON only. Either
 * way the app loads it before putting it in place, and a refusal comes back as an ApiError.
 */
export async function uploadModel(api: ControlRoomApi, file: File): Promise<UploadResult> {
  const data = new Uint8Array(await file.arrayBuffer());
  if (window.watchkeeper) return api.call('models.importFile', { file: file.name, data });
  const response = await fetch(`/api/models/${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: data,
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return methods['models.importFile'].result.parse(body);
  const error = ApiErrorSchema.safeParse(body);
  if (error.success) throw new ApiError(error.data.code, error.data.message);
  throw new ApiError('INTERNAL', `the upload failed with HTTP ${response.status}`);
}
