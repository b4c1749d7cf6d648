import { ModelBindingSchema, type ModelBinding, type ZScoreBinding } from '../../shared/modelBindings.js';

/**
 * The built-in z-score detector's form: one tag, its window of samples and threshold, and the
 * derived tags it writes, as text until the contract's schema parses it.
 */
export interface ZScoreForm {
  id: string;
  description: string;
  enabled: boolean;
  tag: string;
  samples: string;
  threshold: string;
  scoreTag: string;
  scoreUnit: string;
  /** Blank: no anomaly flag tag. */
  anomalyTag: string;
}

export function emptyZScoreForm(): ZScoreForm {
  return {
    id: '',
    description: '',
    enabled: true,
    tag: '',
    samples: '20',
    threshold: '2.5',
    scoreTag: '',
    scoreUnit: 'σ',
    anomalyTag: '',
  };
}

export function zscoreFormFromBinding(binding: ZScoreBinding): ZScoreForm {
  return {
    id: binding.id,
    description: binding.description,
    enabled: binding.enabled,
    tag: binding.tag,
    samples: String(binding.samples),
    threshold: String(binding.threshold),
    scoreTag: binding.score.tag,
    scoreUnit: binding.score.unit,
    anomalyTag: binding.anomaly?.tag ?? '',
  };
}

/** Output tags named after the watched tag, offered as soon as it is chosen. */
export function suggestOutputs(tag: string): { scoreTag: string; anomalyTag: string } {
  const base = tag.trim();
  return { scoreTag: `${base}_zscore`, anomalyTag: `${base}_zanomaly` };
}

const num = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** The form as the object `models.saveBinding` takes, before any check. */
export function zscoreFormToDraft(form: ZScoreForm): unknown {
  const tag = form.tag.trim();
  return {
    kind: 'zscore',
    id: form.id.trim(),
    description: form.description,
    enabled: form.enabled,
    tag,
    samples: num(form.samples),
    threshold: num(form.threshold),
    score: { tag: form.scoreTag.trim(), description: `z-score of ${tag}`, unit: form.scoreUnit },
    ...(form.anomalyTag.trim()
      ? {
          anomaly: {
            tag: form.anomalyTag.trim(),
            description: `${tag} beyond ${form.threshold} σ`,
            engLow: 0,
            engHigh: 1,
          },
        }
      : {}),
  };
}

export type ParsedZScore = { ok: true; binding: ModelBinding } | { ok: false; problems: string[] };

/** The form through the contract's binding schema: a binding, or every problem in its words. */
export function parseZScoreForm(form: ZScoreForm): ParsedZScore {
  const parsed = ModelBindingSchema.safeParse(zscoreFormToDraft(form));
  if (parsed.success) return { ok: true, binding: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    ),
  };
}
