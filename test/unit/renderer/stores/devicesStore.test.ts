import { describe, expect, it } from 'vitest';
import { applyDeviceChanges, applyDeviceList } from '../../../../renderer/stores/devicesStore.js';
import { device } from './fixtures.js';

describe('devicesStore', () => {
  it('indexes the device list by id', () => {
    const state = applyDeviceList([device('pump1', 'line1'), device('boiler', 'utilities')]);
    expect(Object.keys(state.byId)).toEqual(['pump1', 'boiler']);
  });

  it('applies an online change to the named device only', () => {
    const before = applyDeviceList([device('pump1', 'line1'), device('boiler', 'utilities')]);
    const after = applyDeviceChanges(before, [device('pump1', 'line1', false)]);
    expect(after.byId['pump1']?.online).toBe(false);
    expect(after.byId['boiler']).toBe(before.byId['boiler']);
  });

  it('adds a device it did not know', () => {
    const after = applyDeviceChanges(applyDeviceList([]), [device('new', 'line9')]);
    expect(after.byId['new']?.area).toBe('line9');
  });
});
