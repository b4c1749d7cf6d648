import type { InferenceRuntime, ModelSignature } from '../../shared/models.js';
import { errorMessage } from '../platform/logger.js';
import type { ResolvedModel } from './modelFiles.js';
import type { RunReply, RunRequest, SessionSignature } from './types.js';

/** What the sessions need of the worker facade (inferenceWorker.ts). */
export interface ModelWorker {
  readonly runtime: InferenceRuntime;
  load(key: string, path: string): Promise<SessionSignature>;
  unload(key: string): Promise<void>;
  run(request: RunRequest): Promise<RunReply>;
}

export interface ModelFileSource {
  resolve(file: string): ResolvedModel | null;
}

/** Why a model cannot be opened, as the API would answer it. */
export type OpenFailure = { ok: false; code: 'NOT_FOUND' | 'BAD_REQUEST' | 'UNAVAILABLE'; message: string };

export type OpenedModel = { ok: true; key: string; file: string; signature: SessionSignature } | OpenFailure;

/**
 * The sessions of model files, one per file version (its key changes when the file does), shared
 * by every binding of that file. A model that failed at run time (too slow, an exception) is
 * remembered as failed under its key until the file changes or an engineer retries it.
 */
export class ModelSessions {
  private readonly loaded = new Map<string, { file: string; signature: SessionSignature }>();
  private readonly loading = new Map<string, Promise<SessionSignature>>();
  private readonly failed = new Map<string, string>();

  constructor(
    private readonly worker: ModelWorker,
    private readonly files: ModelFileSource,
    private readonly modelsDir: string,
  ) {}

  async open(file: string): Promise<OpenedModel> {
    const resolved = this.files.resolve(file);
    if (!resolved)
      return {
        ok: false,
        code: 'NOT_FOUND',
        message: `model file ${file} is neither in ${this.modelsDir} nor among the shipped models`,
      };
    const failure = this.failed.get(resolved.key);
    if (failure) return { ok: false, code: 'BAD_REQUEST', message: failure };
    const known = this.loaded.get(resolved.key);
    if (known) return { ok: true, key: resolved.key, file, signature: known.signature };
    let loading = this.loading.get(resolved.key);
    if (!loading) {
      loading = this.worker.load(resolved.key, resolved.path);
      this.loading.set(resolved.key, loading);
    }
    try {
      const signature = await loading;
      this.loaded.set(resolved.key, { file, signature });
      return { ok: true, key: resolved.key, file, signature };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return {
        ok: false,
        code:
          code === 'RUNTIME_UNAVAILABLE'
            ? 'UNAVAILABLE'
            : code === 'MODEL_MISSING'
              ? 'NOT_FOUND'
              : 'BAD_REQUEST',
        message: loadFailure(file, error),
      };
    } finally {
      this.loading.delete(resolved.key);
    }
  }

  /** The signature as the contract gives it, or why the file cannot be read. */
  async signature(file: string): Promise<{ ok: true; signature: ModelSignature } | OpenFailure> {
    const opened = await this.open(file);
    if (!opened.ok) return opened;
    return { ok: true, signature: { file, ...opened.signature } };
  }

  /** Takes a model out after it failed at run time; the worker has let go of it already. */
  fail(key: string, message: string): void {
    this.failed.set(key, message);
    this.loaded.delete(key);
  }

  /** An engineer retries a file's model (saved or enabled a binding of it): failures are forgotten. */
  retry(file: string): void {
    for (const key of this.failed.keys()) if (keyFile(key) === file) this.failed.delete(key);
  }

  /** A file changed: sessions of its older versions are let go. */
  async changed(file: string): Promise<void> {
    const current = this.files.resolve(file)?.key;
    this.retry(file);
    for (const [key, entry] of [...this.loaded]) {
      if (entry.file !== file || key === current) continue;
      this.loaded.delete(key);
      await this.worker.unload(key).catch(() => {});
    }
  }
}

/** `source:file@mtime:size` → file. */
const keyFile = (key: string) => key.slice(key.indexOf(':') + 1, key.lastIndexOf('@'));

function loadFailure(file: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = errorMessage(error);
  if (code === 'RUNTIME_UNAVAILABLE') return message;
  if (code === 'TIMEOUT') return `${file} took too long to load: ${message}`;
  return `${file}: ${message}`;
}
