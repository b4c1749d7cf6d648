import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/errors.js';
import { describeLoad, failed, loaded, LOADING } from '../../../../renderer/trend/penLoad.js';

describe('penLoad', () => {
  it('tells the legend in words how each pen stands', () => {
    expect(describeLoad(LOADING)).toBe('loading…');
    expect(describeLoad(failed(new ApiError('TIMEOUT', 'slow')))).toBe('not loaded');
    expect(describeLoad(loaded('raw', 1204))).toBe('1,204 samples');
    expect(describeLoad(loaded('m4', 4000))).toBe('4,000 pts (M4)');
    expect(describeLoad(loaded())).toBe('');
    expect(describeLoad(undefined)).toBe('');
  });

  it('keeps the code and message of a failed query', () => {
    expect(failed(new ApiError('UNAVAILABLE', 'historian is starting'))).toEqual({
      state: 'error',
      message: 'UNAVAILABLE: historian is starting',
    });
  });
});
