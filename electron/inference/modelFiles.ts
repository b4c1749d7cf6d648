import { mkdirSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { ModelFileSchema } from '../../shared/modelBindings.js';
import type { ModelFileInfo } from '../../shared/models.js';
import { errorMessage, type Logger } from '../platform/logger.js';

/** A model file found on disk; `key` changes whenever the file does. */
export interface ResolvedModel extends ModelFileInfo {
  path: string;
  key: string;
}

export interface ModelFilesOptions {
  /** The data folder's `models/`: an engineer's own models, replaceable while the app runs. */
  dataDir: string;
  /** The models shipped with the app (resources/models), or null. */
  shippedDir: string | null;
  log: Logger;
  /** A file in the data folder changed (written, replaced, removed), once it has been quiet a moment. */
  onChange(file: string): void;
  /** How long a file must stay unchanged before it is reported (default 300 ms). */
  settleMs?: number;
}

/**
 * Where model files are: the data folder's models/ first (a file there replaces a shipped one
 * of the same name), then the shipped models. The data folder is watched, so replacing a model
 * file takes effect without a restart; events are settled per file, because a copy arrives as
 * several writes and a half-written model would not load.
 */
export class ModelFiles {
  private watcher: FSWatcher | null = null;
  private readonly settling = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ModelFilesOptions) {}

  start(): void {
    mkdirSync(this.options.dataDir, { recursive: true });
    try {
      this.watcher = watch(this.options.dataDir, (_event, name) => {
        if (typeof name === 'string' && ModelFileSchema.safeParse(name).success) this.settle(name);
      });
      this.watcher.on('error', (error) =>
        this.options.log.warn(`watching ${this.options.dataDir} failed: ${errorMessage(error)}`),
      );
    } catch (error) {
      this.options.log.warn(
        `cannot watch ${this.options.dataDir} (${errorMessage(error)}): replaced model files take effect when their binding is saved again`,
      );
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    for (const timer of this.settling.values()) clearTimeout(timer);
    this.settling.clear();
  }

  resolve(file: string): ResolvedModel | null {
    if (!ModelFileSchema.safeParse(file).success) return null;
    return (
      this.describe(file, this.options.dataDir, 'data') ??
      (this.options.shippedDir ? this.describe(file, this.options.shippedDir, 'shipped') : null)
    );
  }

  list(): ModelFileInfo[] {
    const found = new Map<string, ModelFileInfo>();
    for (const [dir, source] of [
      [this.options.dataDir, 'data'],
      [this.options.shippedDir, 'shipped'],
    ] as const) {
      if (!dir) continue;
      for (const file of safeList(dir)) {
        if (found.has(file) || !ModelFileSchema.safeParse(file).success) continue;
        const model = this.describe(file, dir, source);
        if (model) found.set(file, { file, source, bytes: model.bytes, modifiedMs: model.modifiedMs });
      }
    }
    return [...found.values()].sort((a, b) => a.file.localeCompare(b.file));
  }

  private describe(file: string, dir: string, source: 'data' | 'shipped'): ResolvedModel | null {
    const path = join(dir, file);
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return null;
      const modifiedMs = Math.floor(stat.mtimeMs);
      return {
        file,
        source,
        path,
        bytes: stat.size,
        modifiedMs,
        key: `${source}:${file}@${stat.mtimeMs}:${stat.size}`,
      };
    } catch {
      return null;
    }
  }

  private settle(file: string): void {
    clearTimeout(this.settling.get(file));
    this.settling.set(
      file,
      setTimeout(() => {
        this.settling.delete(file);
        this.options.onChange(file);
      }, this.options.settleMs ?? 300),
    );
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
