import type { ModelBinding } from '../../shared/modelBindings.js';
import type { ModelStatus } from '../../shared/models.js';
import { Quality } from '../../shared/quality.js';
import type {
  DeleteBindingRequest,
  SaveBindingOutcome,
  SaveBindingRequest,
  StoredBinding,
} from '../config/types.js';
import type { InferenceService } from './inferenceService.js';

export interface BindingWriter {
  saveBinding(request: SaveBindingRequest): Promise<SaveBindingOutcome>;
  deleteBinding(request: DeleteBindingRequest): Promise<SaveBindingOutcome>;
}

export type EditOutcome =
  | { ok: true; status: ModelStatus }
  | { ok: false; code: 'BAD_REQUEST' | 'CONFLICT' | 'NOT_FOUND'; message: string };

/**
 * Engineers' changes to bindings: checked against the model's signature (when the runtime can
 * read the file), stored as a new version in config.db, then in force at once. Saving or
 * enabling a binding is also how an engineer retries a model that failed at run time.
 */
export class BindingEditor {
  constructor(
    private readonly store: BindingWriter,
    private readonly service: InferenceService,
    private readonly now: () => number = Date.now,
  ) {}

  async save(binding: ModelBinding, baseVersion: number, user: string): Promise<EditOutcome> {
    const clashes = this.service.clashes(binding);
    if (clashes.length > 0)
      return {
        ok: false,
        code: 'CONFLICT',
        message: `${binding.id} cannot write its outputs: ${clashes.join('; ')}`,
      };
    if (binding.kind === 'onnx') {
      this.service.sessions.retry(binding.model);
      const { problems, checked } = await this.service.problems(binding);
      if (checked && problems.length > 0)
        return { ok: false, code: 'BAD_REQUEST', message: `${binding.id}: ${problems.join('; ')}` };
    }
    const stored = await this.store.saveBinding({ binding, baseVersion, changedBy: user, now: this.now() });
    if (!stored.ok) return stored;
    return this.apply(binding, stored.version);
  }

  async setEnabled(id: string, enabled: boolean, user: string): Promise<EditOutcome> {
    const current = this.service.get(id);
    if (!current) return { ok: false, code: 'NOT_FOUND', message: `no model binding ${id}` };
    if (current.binding.enabled === enabled) {
      // Enabling what is enabled retries it: a model taken out after a failure runs again.
      if (enabled && current.state === 'error') {
        if (current.binding.kind === 'onnx') this.service.sessions.retry(current.binding.model);
        this.service.install(current.binding, current.version, current.source);
        await this.service.settled();
      }
      return { ok: true, status: this.service.status(id)! };
    }
    const binding = { ...current.binding, enabled };
    if (binding.kind === 'onnx') this.service.sessions.retry(binding.model);
    const stored = await this.store.saveBinding({
      binding,
      baseVersion: current.version,
      changedBy: user,
      now: this.now(),
    });
    if (!stored.ok) return stored;
    if (!enabled) this.service.outOfService(current.binding);
    return this.apply(binding, stored.version);
  }

  /** Deletes a stored binding; a demo default with the same id comes back in its place. */
  async delete(
    id: string,
    baseVersion: number,
    user: string,
  ): Promise<EditOutcome | { ok: true; status: null }> {
    const deleted = await this.store.deleteBinding({ id, baseVersion, changedBy: user, now: this.now() });
    if (!deleted.ok) return deleted;
    this.service.remove(id, Quality.BadOutOfService);
    const demo = this.service.demoBinding(id);
    if (!demo) return { ok: true, status: null };
    this.service.install(demo, 0, 'demo');
    await this.service.settled();
    return { ok: true, status: this.service.status(id)! };
  }

  /**
   * A site configuration file's bindings (checked by its schema; their files may not be there
   * yet): stored and deleted as versions made `user`, each from the version the import was
   * planned on, then put in force when the runtime runs (`live`); at start-up the runtime loads
   * them from config.db itself. Not checked against the model's signature: a binding that does
   * not fit its model is stored and shows why on the Models screen, as one whose file is missing.
   * A refusal (someone saved a binding meanwhile) stops the import with every refusal named.
   */
  async importChanges(
    changes: { save: StoredBinding[]; remove: StoredBinding[] },
    user: string,
    live: boolean,
  ): Promise<void> {
    const refused: string[] = [];
    for (const { binding, version } of changes.remove) {
      const deleted = await this.store.deleteBinding({
        id: binding.id,
        baseVersion: version,
        changedBy: user,
        now: this.now(),
      });
      if (!deleted.ok) refused.push(`${binding.id}: ${deleted.message}`);
      else if (live) {
        this.service.remove(binding.id, Quality.BadOutOfService);
        const demo = this.service.demoBinding(binding.id);
        if (demo) this.service.install(demo, 0, 'demo');
      }
    }
    for (const { binding, version } of changes.save) {
      if (live && binding.kind === 'onnx') this.service.sessions.retry(binding.model);
      const stored = await this.store.saveBinding({
        binding,
        baseVersion: version,
        changedBy: user,
        now: this.now(),
      });
      if (!stored.ok) refused.push(`${binding.id}: ${stored.message}`);
      else if (live) {
        if (!binding.enabled && this.service.get(binding.id)?.binding.enabled)
          this.service.outOfService(this.service.get(binding.id)!.binding);
        this.service.install(binding, stored.version, 'stored');
      }
    }
    if (live) await this.service.settled();
    if (refused.length > 0)
      throw new Error(`model bindings not imported (changed meanwhile?): ${refused.join('; ')}`);
  }

  private async apply(binding: ModelBinding, version: number): Promise<EditOutcome> {
    this.service.install(binding, version, 'stored');
    await this.service.settled();
    return { ok: true, status: this.service.status(binding.id)! };
  }
}
