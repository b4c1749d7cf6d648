import type { TrendView, TrendViewDraft } from '../../shared/trendViews.js';

/** A failure the operator caused and can fix: a value, not an exception (STYLE.md rule 8). */
export interface ConfigRefusal {
  ok: false;
  code: 'NOT_FOUND' | 'CONFLICT';
  message: string;
}

export type SaveViewOutcome = { ok: true; view: TrendView } | ConfigRefusal;
export type DeleteViewOutcome = { ok: true; id: string } | ConfigRefusal;

export interface SaveViewRequest {
  draft: TrendViewDraft;
  savedBy: string;
  now: number;
}

/** What config.worker.ts answers; the facade (configDb.ts) calls it. */
export interface ConfigWorkerApi {
  [method: string]: (args: never) => unknown;
  listViews(args: null): TrendView[];
  saveView(args: SaveViewRequest): SaveViewOutcome;
  deleteView(args: { id: string }): DeleteViewOutcome;
}
