import { describe, expect, it } from 'vitest';
import { describeZodError } from '../../../shared/errors.js';
import { ViewPenSchema } from '../../../shared/trendViews.js';

const problem = (pen: unknown) => {
  const parsed = ViewPenSchema.safeParse(pen);
  return parsed.success ? null : describeZodError(parsed.error);
};

describe('ViewPenSchema', () => {
  it('takes a pen on its engineering range (no axis), a fixed axis, or auto', () => {
    expect(problem({ tag: 'a/d/x' })).toBeNull();
    expect(problem({ tag: 'a/d/x', colour: '#1f3a68', axis: { min: -1, max: 1 } })).toBeNull();
    expect(problem({ tag: 'a/d/x', axis: 'auto' })).toBeNull();
  });

  it('says what an axis may be when it is neither', () => {
    expect(problem({ tag: 'a/d/x', axis: 'manual' })).toBe(
      'axis: must be "auto" or a fixed axis like {"min": 0, "max": 10}',
    );
    expect(problem({ tag: 'a/d/x', axis: null })).toMatch(/^axis: must be "auto"/);
  });

  it('says which end of a fixed axis is wrong, as it did before auto existed', () => {
    expect(problem({ tag: 'a/d/x', axis: { min: 'low', max: 1 } })).toBe('axis.min: must be a finite number');
  });

  it('refuses a fixed axis whose minimum is not below its maximum, saying so', () => {
    expect(problem({ tag: 'a/d/x', axis: { min: 5, max: 1 } })).toBe('axis.max: axis min must be below max');
  });
});
