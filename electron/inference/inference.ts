import { join } from 'node:path';
import {
  ModelBindingSchema,
  type ModelBinding,
  type ModelBindingVersion,
} from '../../shared/modelBindings.js';
import type { InferenceHealth, ModelFileInfo, ModelStatus } from '../../shared/models.js';
import type { ModelBindingInput } from '../../shared/modelBindings.js';
import type { StoredBinding } from '../config/types.js';
import type { IngestSink } from '../connectivity/ingestEvents.js';
import type { Logger } from '../platform/logger.js';
import type { ProcessLauncher } from '../platform/processLauncher.js';
import { resourcePath } from '../platform/resourcePath.js';
import { BindingEditor, type BindingWriter, type EditOutcome } from './bindingEditor.js';
import type { DerivedTagOwners } from './derivedOutputs.js';
import { InferenceService, type BindingStore } from './inferenceService.js';
import { InferenceWorker } from './inferenceWorker.js';
import type { HistorySource, TagSource } from './liveInputs.js';
import { ModelFiles } from './modelFiles.js';
import { importModel, type ImportOutcome } from './modelImport.js';
import { learnNormal, type LearnNormalOutcome, type LearnNormalRequest } from './learnNormal/learnNormal.js';
import { testRun, type TestRunOutcome } from './testRun.js';

export interface InferenceOptions {
  /** The app's data folder; model files live in its models/. */
  dataDir: string;
  store: BindingStore &
    BindingWriter & {
      listBindingVersions(id: string, limit: number): Promise<ModelBindingVersion[]>;
    };
  ingest: IngestSink;
  tags: TagSource & DerivedTagOwners;
  history: HistorySource;
  /** The demo plant's default bindings, while it runs. */
  demoBindings?: () => ModelBindingInput[];
  log: Logger;
  /** The module imported as onnxruntime (tests name a missing one). */
  runtimeModule?: string;
  runTimeoutMs?: number;
  /** Starts the inference process (default `child_process.fork`; Electron: utilityProcess). */
  launcher?: ProcessLauncher;
  onChange?: () => void;
}

/**
 * Edge inference as one service for the runtime: the inference process (onnxruntime, started
 * with the first model), the model files (data folder first, then shipped; watched), the bindings in
 * force, engineers' edits, and test runs over history. See inferenceService.ts for the rest.
 */
export class Inference {
  private readonly worker: InferenceWorker;
  private readonly files: ModelFiles;
  readonly service: InferenceService;
  private readonly editor: BindingEditor;
  private readonly modelsDir: string;
  /** Whether start() ran: before it, bindings stored are loaded by start() itself. */
  private running = false;

  constructor(private readonly options: InferenceOptions) {
    const modelsDir = join(options.dataDir, 'models');
    this.modelsDir = modelsDir;
    this.worker = new InferenceWorker({
      log: options.log.child('worker'),
      ...(options.runtimeModule ? { runtimeModule: options.runtimeModule } : {}),
      ...(options.runTimeoutMs ? { runTimeoutMs: options.runTimeoutMs } : {}),
      ...(options.launcher ? { launcher: options.launcher } : {}),
      onRuntimeChange: () => options.onChange?.(),
    });
    this.files = new ModelFiles({
      dataDir: modelsDir,
      shippedDir: shippedModels(),
      log: options.log,
      onChange: (file) => void this.service.fileChanged(file),
    });
    const demo = options.demoBindings;
    this.service = new InferenceService({
      store: options.store,
      worker: this.worker,
      files: this.files,
      modelsDir,
      ingest: options.ingest,
      tags: options.tags,
      history: options.history,
      ...(demo ? { demoBindings: () => demo().map((b) => ModelBindingSchema.parse(b)) } : {}),
      log: options.log,
      ...(options.onChange ? { onChange: options.onChange } : {}),
    });
    this.editor = new BindingEditor(options.store, this.service);
  }

  async start(): Promise<void> {
    this.files.start();
    // Bindings load their models in the background: start-up does not wait for onnxruntime.
    await this.service.start();
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.files.stop();
    await this.service.stop();
    await this.worker.stop();
  }

  /** Every current-value change ingest makes. */
  observe(tag: string): void {
    this.service.observe(tag);
  }

  health(): InferenceHealth {
    return this.service.health();
  }

  list(): { runtime: InferenceHealth['runtime']; files: ModelFileInfo[]; models: ModelStatus[] } {
    return { runtime: this.service.runtime, files: this.service.files(), models: this.service.list() };
  }

  signature(file: string) {
    return this.service.signature(file);
  }

  /** A user's model file, checked by loading it, into the data folder's models/ (modelImport.ts). */
  importFile(file: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return importModel({ worker: this.worker, modelsDir: this.modelsDir }, file, bytes);
  }

  save(binding: ModelBinding, baseVersion: number, user: string): Promise<EditOutcome> {
    return this.editor.save(binding, baseVersion, user);
  }

  setEnabled(id: string, enabled: boolean, user: string): Promise<EditOutcome> {
    return this.editor.setEnabled(id, enabled, user);
  }

  delete(id: string, baseVersion: number, user: string) {
    return this.editor.delete(id, baseVersion, user);
  }

  /** Stored bindings with their versions, as config.db holds them (demo defaults aside). */
  stored(): Promise<StoredBinding[]> {
    return this.options.store.listBindings();
  }

  /** Whether a model file is in the data folder's models/ or among the shipped models. */
  hasFile(file: string): boolean {
    return this.files.resolve(file) !== null;
  }

  /** A site configuration file's binding changes, stored as versions made `user` (bindingEditor.ts). */
  importChanges(changes: { save: StoredBinding[]; remove: StoredBinding[] }, user: string): Promise<void> {
    return this.editor.importChanges(changes, user, this.running);
  }

  versions(id: string, limit: number): Promise<ModelBindingVersion[]> {
    return this.options.store.listBindingVersions(id, limit);
  }

  learnNormal(request: LearnNormalRequest): Promise<LearnNormalOutcome> {
    return learnNormal(
      {
        modelsDir: this.modelsDir,
        history: this.options.history,
        tagKey: (id) => this.options.tags.get(id)?.key,
        learn: (baseline) => this.worker.learnBaseline(baseline),
        save: (binding, baseVersion, user) => this.editor.save(binding, baseVersion, user),
      },
      request,
    );
  }

  testRun(binding: ModelBinding, from: number, to: number): Promise<TestRunOutcome> {
    return testRun(
      {
        sessions: this.service.sessions,
        worker: this.worker,
        history: this.options.history,
        tagKey: (id) => this.options.tags.get(id)?.key,
      },
      binding,
      from,
      to,
    );
  }
}

/** The shipped models' folder, or null when this build has none. */
function shippedModels(): string | null {
  try {
    return resourcePath('models');
  } catch {
    return null;
  }
}
