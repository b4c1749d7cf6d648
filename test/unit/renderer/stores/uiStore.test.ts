import { describe, expect, it } from 'vitest';
import { VIEWS, viewFromHash } from '../../../../renderer/stores/uiStore.js';

describe('uiStore', () => {
  it('reads the view from the URL hash, falling back to the overview', () => {
    expect(viewFromHash('#/trends')).toBe('trends');
    expect(viewFromHash('#alarms')).toBe('alarms');
    expect(viewFromHash('')).toBe('overview');
    expect(viewFromHash('#/nowhere')).toBe('overview');
  });

  it('offers eight views, of which Overview, Trends, Devices, Mappings and Models work in this release', () => {
    expect(VIEWS.map((view) => view.label)).toEqual([
      'Overview',
      'Trends',
      'Alarms',
      'Devices',
      'Reports',
      'Settings',
      'Mappings',
      'Models',
    ]);
    expect(VIEWS.filter((view) => view.ready).map((view) => view.id)).toEqual([
      'overview',
      'trends',
      'devices',
      'mappings',
      'models',
    ]);
  });
});
