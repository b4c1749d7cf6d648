import { describe, expect, it } from 'vitest';
import { chooseRoute, matchesPrefixes } from '../../../../../electron/sync/producers/tagRoutes.js';
import { SyncSettingsSchema } from '../../../../../shared/sync.js';

describe('tag routes for cloud sync', () => {
  it('matches id prefixes, and `*` matches every tag', () => {
    expect(matchesPrefixes('area1/pump3/temp', ['area1/'])).toBe(true);
    expect(matchesPrefixes('area10/pump3/temp', ['area1/'])).toBe(false);
    expect(matchesPrefixes('area2/x', ['area1/', 'area2/'])).toBe(true);
    expect(matchesPrefixes('anything', ['*'])).toBe(true);
    expect(matchesPrefixes('anything', [])).toBe(false);
  });

  it('rolls up every tag and sends none raw by default', () => {
    const settings = SyncSettingsSchema.parse({});
    expect(chooseRoute('area1/pump3/temp', 'area1/pump3', settings)).toEqual({ rollup: true, stream: null });
  });

  it('sends the outputs of model bindings (their device) on their own stream when asked, else as the raw tags say', () => {
    const model = 'models/bearing-line1-pump1';
    const on = SyncSettingsSchema.parse({ rawTags: ['*'], rollupTags: ['area1/'] });
    expect(chooseRoute('line1/pump1/anomaly_score', model, on)).toEqual({ rollup: false, stream: 'models' });
    expect(chooseRoute('area1/pump3/temp', 'area1/pump3', on)).toEqual({ rollup: true, stream: 'raw' });
    expect(chooseRoute('area1/pump3/temp', undefined, on)).toEqual({ rollup: true, stream: 'raw' });
    const off = SyncSettingsSchema.parse({ modelOutputs: false, rawTags: ['line1/'] });
    expect(chooseRoute('line1/pump1/anomaly_score', model, off)).toEqual({ rollup: true, stream: 'raw' });
    const none = SyncSettingsSchema.parse({ modelOutputs: false });
    expect(chooseRoute('line1/pump1/anomaly_score', model, none).stream).toBeNull();
  });
});
