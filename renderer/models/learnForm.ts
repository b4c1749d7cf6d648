import { methods } from '../../shared/contract.js';
import { checkCustomRange } from '../trend/rangeInput.js';

/**
 * The "Learn normal" form: tags picked from the registry, a period of normal operation and the
 * new model's name, checked by the contract's own `models.learnNormal` schema so the form says
 * exactly what the server would.
 */
export const MIN_LEARN_TAGS = 2;
export const MAX_LEARN_TAGS = 32;

export const LEARN_PRESETS = [
  { label: 'last 2 min', ms: 2 * 60_000 },
  { label: 'last 5 min', ms: 5 * 60_000 },
  { label: 'last 15 min', ms: 15 * 60_000 },
  { label: 'last hour', ms: 3_600_000 },
  { label: 'last 24 h', ms: 86_400_000 },
] as const;

export interface LearnForm {
  id: string;
  tags: string[];
  /** A preset's span in ms as text, or 'custom' for the from–to fields. */
  preset: string;
  fromText: string;
  toText: string;
  stepMs: string;
  /** The score's derived tag; blank: `learned/<id>/score`. */
  outputTag: string;
}

export function emptyLearnForm(fromText: string, toText: string): LearnForm {
  return {
    id: '',
    tags: [],
    preset: String(LEARN_PRESETS[1].ms),
    fromText,
    toText,
    stepMs: '1000',
    outputTag: '',
  };
}

/** The score's tag when the engineer names none. */
export const defaultOutputTag = (id: string): string => `learned/${id.trim() || '…'}/score`;

export type LearnPeriod = { ok: true; from: number; to: number } | { ok: false; problem: string };

/** The chosen period at `now`: a preset ends now, a custom one is checked as the trend's is. */
export function learnPeriod(form: LearnForm, now: number): LearnPeriod {
  if (form.preset !== 'custom') return { ok: true, from: now - Number(form.preset), to: now };
  const check = checkCustomRange(form.fromText, form.toText, now);
  return check.ok ? { ok: true, ...check.range } : { ok: false, problem: check.message };
}

export type LearnParams = (typeof methods)['models.learnNormal']['params'];
export type ParsedLearn =
  { ok: true; params: ReturnType<LearnParams['parse']> } | { ok: false; problems: string[] };

/** The form through the contract's schema: the call's params, or every problem in words. */
export function parseLearnForm(form: LearnForm, now: number): ParsedLearn {
  const period = learnPeriod(form, now);
  if (!period.ok) return { ok: false, problems: [`period: ${period.problem}`] };
  const stepMs = form.stepMs.trim() === '' ? Number.NaN : Number(form.stepMs);
  const id = form.id.trim();
  const parsed = methods['models.learnNormal'].params.safeParse({
    id,
    tags: form.tags,
    from: period.from,
    to: period.to,
    stepMs,
    output: { tag: form.outputTag.trim() || defaultOutputTag(id), description: `Anomaly score of ${id}` },
  });
  if (parsed.success) return { ok: true, params: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}

/** The tags to offer: those matching every word of the filter, not yet chosen, at most `limit`. */
export function filterTags(
  ids: readonly string[],
  filter: string,
  chosen: readonly string[],
  limit = 50,
): { shown: string[]; more: number } {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const taken = new Set(chosen);
  const matching = ids.filter(
    (id) => !taken.has(id) && words.every((word) => id.toLowerCase().includes(word)),
  );
  return { shown: matching.slice(0, limit), more: Math.max(0, matching.length - limit) };
}

/** Adds a tag unless it is chosen already or the form holds the most there may be. */
export function addTag(tags: readonly string[], tag: string): string[] {
  if (tags.includes(tag) || tags.length >= MAX_LEARN_TAGS) return [...tags];
  return [...tags, tag];
}
