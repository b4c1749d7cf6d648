import { describe, expect, it } from 'vitest';
import { AlarmDefinitionsSchema } from '../../../../../shared/alarmDefinitions.js';
import type { TagMeta } from '../../../../../shared/domain.js';
import { compileTagAlarms } from '../../../../../electron/alarms/model/compileAlarms.js';

const meta = (extra: Partial<TagMeta> = {}): TagMeta => ({
  id: 'line1/pump1/pressure',
  device: 'line1/pump1',
  name: 'pressure',
  description: 'Discharge pressure',
  unit: 'bar',
  dataType: 'number',
  engLow: 0,
  engHigh: 16,
  ...extra,
});

describe('compileTagAlarms', () => {
  it('makes one level alarm of the limits, most severe first, plus the implicit bad-quality alarm', () => {
    const { alarms, problems } = compileTagAlarms(
      meta(),
      AlarmDefinitionsSchema.parse([
        { kind: 'H', value: 9.5, deadband: 0.2, priority: 'medium' },
        { kind: 'HH', value: 12, deadband: 0.2, priority: 'high' },
        { kind: 'L', value: 2, deadband: 0.2, priority: 'low' },
      ]),
    );
    expect(problems).toEqual([]);
    expect(alarms.map((a) => a.id)).toEqual([
      'line1/pump1/pressure#level',
      'line1/pump1/pressure#badQuality',
    ]);
    const level = alarms[0]!;
    expect(level.family === 'level' && level.limits.map((l) => l.kind)).toEqual(['HH', 'H', 'L']);
    expect(level.options.map((o) => o.message)).toEqual([
      'Discharge pressure high-high',
      'Discharge pressure high',
      'Discharge pressure low',
    ]);
    expect(alarms[1]).toMatchObject({ family: 'badQuality', implicit: true, options: [{ priority: 'low' }] });
  });

  it('takes device limits with stated defaults when nothing is configured', () => {
    const { alarms } = compileTagAlarms(
      meta({
        limits: [
          { kind: 'LL', value: 1 },
          { kind: 'HH', value: 14 },
        ],
      }),
      undefined,
    );
    const level = alarms[0]!;
    expect(level).toMatchObject({
      fromDevice: true,
      options: [{ priority: 'high', onDelayMs: 0 }, { priority: 'high' }],
    });
    expect(level.family === 'level' && level.limits.map((l) => [l.kind, l.deadband])).toEqual([
      ['HH', 0.16],
      ['LL', 0.16],
    ]);
  });

  it('uses no deadband for device limits when the range is unknown, and none at all when configured empty', () => {
    const noRange = compileTagAlarms(
      meta({ engLow: null, engHigh: null, limits: [{ kind: 'H', value: 3 }] }),
      undefined,
    );
    expect(noRange.alarms[0]!.family === 'level' && noRange.alarms[0]!.limits[0]!.deadband).toBe(0);
    expect(compileTagAlarms(meta({ limits: [{ kind: 'H', value: 3 }] }), []).alarms).toEqual([]);
    expect(compileTagAlarms(meta(), undefined).alarms).toEqual([]);
  });

  it('refuses crossed limits a device describes, saying which, and raises none of them', () => {
    const { alarms, problems } = compileTagAlarms(
      meta({
        limits: [
          { kind: 'H', value: 3 },
          { kind: 'L', value: 5 },
        ],
      }),
      undefined,
    );
    expect(alarms).toEqual([]);
    expect(problems[0]).toContain('L 5 is not below H 3');
  });

  it('evaluates only discrete and bad-quality alarms on text, on/off and enum tags', () => {
    const { alarms, problems } = compileTagAlarms(meta({ dataType: 'string' }), [
      { kind: 'H', value: 3, deadband: 0, priority: 'low' },
      { kind: 'discrete', states: ['TRIP'], priority: 'high' },
    ]);
    expect(alarms.map((a) => a.family)).toEqual(['discrete', 'badQuality']);
    expect(problems).toEqual(['line1/pump1/pressure: a H alarm needs a number tag, not a string tag']);
  });

  it('resolves discrete states once against the tag: booleans, enum labels, numbers written as text', () => {
    const { alarms } = compileTagAlarms(meta({ dataType: 'enum', states: [{ value: 3, label: 'fault' }] }), [
      { kind: 'discrete', states: ['fault', true, '7', 'unknown label'], priority: 'high' },
    ]);
    const discrete = alarms[0]!;
    expect(discrete.family === 'discrete' && [...discrete.states.numbers].sort()).toEqual([1, 3, 7]);
  });

  it('signs each alarm so that an unchanged recompile is recognised', () => {
    const defs = [{ kind: 'H', value: 3, deadband: 0, priority: 'low' }] as const;
    const a = compileTagAlarms(meta(), [...defs]).alarms[0]!;
    const b = compileTagAlarms(meta(), [...defs]).alarms[0]!;
    const c = compileTagAlarms(meta(), [{ ...defs[0], value: 4 }]).alarms[0]!;
    expect(a.signature).toBe(b.signature);
    expect(a.signature).not.toBe(c.signature);
  });
});
