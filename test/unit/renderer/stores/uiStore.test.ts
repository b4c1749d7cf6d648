import { describe, expect, it } from 'vitest';
import { subViewFromHash, VIEWS, viewFromHash } from '../../../../renderer/stores/uiStore.js';

describe('uiStore', () => {
  it('reads the view from the URL hash, falling back to the overview', () => {
    expect(viewFromHash('#/trends')).toBe('trends');
    expect(viewFromHash('#alarms')).toBe('alarms');
    expect(viewFromHash('')).toBe('overview');
    expect(viewFromHash('#/nowhere')).toBe('overview');
    expect(viewFromHash('#/alarms/journal')).toBe('alarms');
  });

  it("reads a view's own part of the hash, such as a tab", () => {
    expect(subViewFromHash('#/alarms/journal')).toBe('journal');
    expect(subViewFromHash('#/alarms')).toBe('');
    expect(subViewFromHash('#/nowhere/journal')).toBe('');
  });

  it('offers nine views, all of which work in this release', () => {
    expect(VIEWS.map((view) => view.label)).toEqual([
      'Overview',
      'Trends',
      'Alarms',
      'Devices',
      'Reports',
      'Settings',
      'Mappings',
      'Models',
      'Sync',
    ]);
    expect(VIEWS.filter((view) => view.ready).map((view) => view.id)).toEqual([
      'overview',
      'trends',
      'alarms',
      'devices',
      'reports',
      'settings',
      'mappings',
      'models',
      'sync',
    ]);
  });
});
