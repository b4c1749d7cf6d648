import { ApiError } from '../../shared/errors.js';

/**
 * Where a pen's history query stands, as the legend and the error list show it: in words, so
 * that no state is told by colour alone.
 */
export type PenLoad =
  | { state: 'loading' }
  | { state: 'ready'; mode: 'raw' | 'm4' | null; points: number | null }
  | { state: 'error'; message: string };

export const LOADING: PenLoad = { state: 'loading' };

export function loaded(mode: 'raw' | 'm4' | null = null, points: number | null = null): PenLoad {
  return { state: 'ready', mode, points };
}

/** An API failure as one line: `UNAVAILABLE: historian is starting`. */
export function failed(error: unknown): PenLoad {
  const message = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
  return { state: 'error', message };
}

/**
 * The legend's short status: `loading…`, `not loaded`, or what was drawn (`1,204 samples` raw,
 * `4,000 pts (M4)` when the historian aggregated); empty when there is nothing to say.
 */
export function describeLoad(load: PenLoad | undefined): string {
  if (!load) return '';
  if (load.state === 'loading') return 'loading…';
  if (load.state === 'error') return 'not loaded';
  if (load.points === null) return '';
  const count = load.points.toLocaleString('en-US');
  if (load.mode === 'm4') return `${count} pts (M4)`;
  return load.points === 1 ? '1 sample' : `${count} samples`;
}
