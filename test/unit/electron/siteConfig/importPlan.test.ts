import { describe, expect, it } from 'vitest';
import {
  modelChanges,
  modelFileWarnings,
  planImport,
  type CurrentSite,
} from '../../../../electron/siteConfig/importPlan.js';
import { ModelBindingSchema, type ModelBinding } from '../../../../shared/modelBindings.js';
import { SiteConfigFileSchema } from '../../../../shared/siteConfigFile.js';
import { fullSiteFile } from '../../../helpers/siteConfigFiles.js';

const file = () => SiteConfigFileSchema.parse(fullSiteFile());
const zscore = (id: string, threshold = 2.5): ModelBinding =>
  ModelBindingSchema.parse({ kind: 'zscore', id, tag: 'a/b/c', threshold, score: { tag: `a/b/${id}` } });
const site = (bindings: CurrentSite['bindings']): CurrentSite => ({
  brokers: [],
  rules: [],
  fallback: { action: 'ignore' },
  devices: [],
  tags: [],
  bindings,
});

describe('the import plan for model bindings', () => {
  it('stores new and changed bindings from their stored version, and deletes the ones left out', () => {
    const stored = [
      { version: 3, binding: zscore('same') },
      { version: 2, binding: zscore('edited') },
      { version: 7, binding: zscore('gone') },
    ];
    const changes = modelChanges([zscore('same'), zscore('edited', 4), zscore('new')], stored);
    expect(changes).toEqual({
      save: [
        { version: 2, binding: zscore('edited', 4) },
        { version: 0, binding: zscore('new') },
      ],
      remove: [{ version: 7, binding: zscore('gone') }],
      unchanged: 1,
    });
  });

  it('compares what a binding says, not the order its keys were written in', () => {
    const binding = zscore('same');
    const reordered = Object.fromEntries(Object.entries(binding).reverse()) as ModelBinding;
    expect(modelChanges([reordered], [{ version: 1, binding }])).toMatchObject({ save: [], unchanged: 1 });
  });

  it('summarises by id, and says nothing of models when the file has none', () => {
    const plan = planImport(file(), site([{ version: 1, binding: zscore('temp-z') }]));
    expect(plan.models).toEqual({
      added: ['boiler-health'],
      changed: ['temp-z'],
      removed: [],
      unchanged: 0,
    });
    const { models: _models, ...older } = fullSiteFile();
    const withoutModels = SiteConfigFileSchema.parse(older);
    expect(planImport(withoutModels, site([{ version: 1, binding: zscore('x') }]))).not.toHaveProperty(
      'models',
    );
  });

  it('warns of an ONNX binding whose model file is not there, by its path', () => {
    expect(modelFileWarnings(file(), () => true)).toEqual([]);
    expect(modelFileWarnings(file(), (name) => name !== 'boiler_health.onnx')).toEqual([
      "models[0].model: boiler_health.onnx is not in the data folder's models/ or the shipped models: boiler-health is stored but fails until the file is there",
    ]);
  });
});
