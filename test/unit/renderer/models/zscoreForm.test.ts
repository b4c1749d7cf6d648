import { describe, expect, it } from 'vitest';
import { ZScoreBindingSchema } from '../../../../shared/modelBindings.js';
import {
  emptyZScoreForm,
  parseZScoreForm,
  suggestOutputs,
  zscoreFormFromBinding,
  type ZScoreForm,
} from '../../../../renderer/models/zscoreForm.js';

const filled = (patch: Partial<ZScoreForm> = {}): ZScoreForm => ({
  ...emptyZScoreForm(),
  id: 'flow-z',
  tag: 'line1/pump1/flow',
  ...suggestOutputs('line1/pump1/flow'),
  ...patch,
});

describe('the z-score detector form', () => {
  it('parses into a z-score binding with the issue’s defaults (20 samples, 2.5 σ) and both tags', () => {
    const parsed = parseZScoreForm(filled());
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.binding.kind !== 'zscore') throw new Error('not a z-score binding');
    expect(parsed.binding).toMatchObject({
      kind: 'zscore',
      id: 'flow-z',
      tag: 'line1/pump1/flow',
      samples: 20,
      threshold: 2.5,
      score: { tag: 'line1/pump1/flow_zscore', unit: 'σ' },
      anomaly: { tag: 'line1/pump1/flow_zanomaly', engLow: 0, engHigh: 1 },
    });
  });

  it('leaves the anomaly tag out when it is blank', () => {
    const parsed = parseZScoreForm(filled({ anomalyTag: '  ' }));
    expect(parsed.ok && parsed.binding.kind === 'zscore' && parsed.binding.anomaly).toBeUndefined();
  });

  it('says every problem in the schema’s words', () => {
    const parsed = parseZScoreForm(filled({ id: '', samples: '2', threshold: '', scoreTag: '' }));
    const problems = parsed.ok ? [] : parsed.problems;
    for (const field of ['id:', 'samples:', 'threshold:', 'score.tag:'])
      expect(problems.some((p) => p.startsWith(field))).toBe(true);
  });

  it('refuses a score and an anomaly written to the same tag', () => {
    const parsed = parseZScoreForm(filled({ anomalyTag: 'line1/pump1/flow_zscore' }));
    expect(!parsed.ok && parsed.problems.join()).toContain('line1/pump1/flow_zscore is written twice');
  });

  it('comes back from a stored binding unchanged', () => {
    const binding = ZScoreBindingSchema.parse({
      kind: 'zscore',
      id: 'vib-z',
      description: 'vibration',
      tag: 'line1/pump1/vibration',
      samples: 30,
      threshold: 3,
      score: { tag: 'line1/pump1/vib_z', unit: 'σ' },
    });
    const parsed = parseZScoreForm(zscoreFormFromBinding(binding));
    expect(parsed.ok && parsed.binding).toMatchObject({
      ...binding,
      score: { tag: 'line1/pump1/vib_z', unit: 'σ' },
    });
    expect(zscoreFormFromBinding(binding).anomalyTag).toBe('');
  });
});
