import { describe, expect, it } from 'vitest';
import { Quality } from '../../../../shared/quality.js';
import { qualityView, qualityWords } from '../../../../renderer/format/quality.js';

describe('format/quality', () => {
  it('shows no badge for good values', () => {
    expect(qualityView(Quality.Good)).toMatchObject({ severity: 'good', badge: null });
    expect(qualityView(Quality.GoodLocalOverride).badge).toBeNull();
  });

  it('marks values kept after communication was lost as STALE', () => {
    expect(qualityView(Quality.UncertainNoCommunicationLastUsableValue).badge).toBe('STALE');
    expect(qualityView(Quality.UncertainLastUsableValue).badge).toBe('STALE');
  });

  it('marks other uncertain values as UNCERTAIN', () => {
    expect(qualityView(Quality.UncertainEngineeringUnitsExceeded)).toMatchObject({
      severity: 'uncertain',
      badge: 'UNCERTAIN',
    });
  });

  it('marks every bad code as BAD and names the cause in the detail', () => {
    const view = qualityView(Quality.BadSensorFailure);
    expect(view).toMatchObject({ severity: 'bad', badge: 'BAD' });
    expect(view.title).toContain('BadSensorFailure');
  });
});

describe('quality in words', () => {
  it('says good, stale and bad in words an operator reads', () => {
    expect(qualityWords(Quality.Good)).toBe('Good');
    expect(qualityWords(Quality.UncertainNoCommunicationLastUsableValue)).toBe(
      'STALE: no communication, last usable value',
    );
    expect(qualityWords(Quality.BadSensorFailure)).toBe('BAD: sensor failure');
    expect(qualityWords(Quality.Bad)).toBe('BAD');
    expect(qualityWords(0x80ab0000)).toBe('BAD: bad (0x80ab0000)');
  });
});
