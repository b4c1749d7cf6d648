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
    expect(chooseRoute('area1/pump3/temp', settings)).toEqual({ rollup: true, stream: null });
  });

  it('sends model outputs on their own stream when asked, else as the raw tags say', () => {
    const on = SyncSettingsSchema.parse({ rawTags: ['*'], rollupTags: ['area1/'] });
    expect(chooseRoute('models/pump3-health/score', on)).toEqual({ rollup: false, stream: 'models' });
    expect(chooseRoute('area1/pump3/temp', on)).toEqual({ rollup: true, stream: 'raw' });
    const off = SyncSettingsSchema.parse({ modelOutputs: false, rawTags: ['models/'] });
    expect(chooseRoute('models/pump3-health/score', off)).toEqual({ rollup: true, stream: 'raw' });
    const none = SyncSettingsSchema.parse({ modelOutputs: false });
    expect(chooseRoute('models/pump3-health/score', none).stream).toBeNull();
  });
});
