import { decodeResults } from './liveResults.js';
import type { WindowResult } from './modelRunner.js';
import type { LiveResults } from './types.js';

/**
 * The bindings bound in the inference host, by the handle their runs' results carry: a new
 * handle for every bind, so the results of a binding since edited, restarted or removed find
 * no owner and are dropped rather than written for the wrong version.
 */
export class LiveHandles<T> {
  private readonly owners = new Map<number, T>();
  private next = 1;

  issue(owner: T): number {
    const handle = this.next++;
    this.owners.set(handle, owner);
    return handle;
  }

  release(handle: number): void {
    this.owners.delete(handle);
  }

  /** The owners still holding these handles. */
  ownersOf(handles: readonly number[]): T[] {
    return handles.flatMap((handle) => this.owners.get(handle) ?? []);
  }

  /** A live run's windows, each with its owner and where it ends; those without an owner left out. */
  results(run: LiveResults): { target: T; end: number; result: WindowResult }[] {
    const results = decodeResults(run.results);
    return run.handles.flatMap((handle, i) => {
      const target = this.owners.get(handle);
      return target ? [{ target, end: run.ends[i]!, result: results[i]! }] : [];
    });
  }
}
