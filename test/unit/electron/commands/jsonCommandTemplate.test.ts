import { describe, expect, it } from 'vitest';
import { fillCommandTemplate, parseValuePath } from '../../../../electron/commands/jsonCommandTemplate.js';

const context = { tag: 'line1/pump3/speed', user: 'eng1', ts: Date.UTC(2026, 10, 22, 9) };

describe('JSON command templates', () => {
  it('sends the whole template with the new value in place, dropping no other field', () => {
    const template = {
      cmd: 'set',
      target: { id: 'P-3', setpoints: [{ name: 'speed', value: 0, unit: 'rpm' }] },
    };
    const filled = fillCommandTemplate(template, '$.target.setpoints[0].value', 1450, context);
    expect(filled).toEqual({
      ok: true,
      payload: {
        cmd: 'set',
        target: { id: 'P-3', setpoints: [{ name: 'speed', value: 1450, unit: 'rpm' }] },
      },
    });
    expect(template.target.setpoints[0]!.value).toBe(0); // the stored template is not touched
  });

  it('fills placeholders with values of their own type', () => {
    const template = {
      value: '{{value}}',
      by: '{{user}}',
      at: '{{ts}}',
      time: '{{time}}',
      tag: '{{tag}}',
      note: 'x {{user}}',
    };
    const filled = fillCommandTemplate(template, '$.value', true, context);
    expect(filled).toEqual({
      ok: true,
      payload: {
        value: true,
        by: 'eng1',
        at: context.ts,
        time: '2026-11-22T09:00:00.000Z',
        tag: context.tag,
        note: 'x {{user}}',
      },
    });
  });

  it('refuses a value path the template does not have, or one it cannot read', () => {
    expect(fillCommandTemplate({ a: 1 }, '$.b', 2, context)).toMatchObject({
      ok: false,
      error: expect.stringContaining('nothing at $.b'),
    });
    expect(fillCommandTemplate({ a: [1] }, '$.a[3]', 2, context)).toMatchObject({ ok: false });
    expect(fillCommandTemplate({ a: 1 }, 'a.b', 2, context)).toMatchObject({
      ok: false,
      error: expect.stringContaining('not of the form'),
    });
    expect(fillCommandTemplate({ a: { b: 1 } }, '$.a.__proto__', 2, context)).toMatchObject({ ok: false });
  });

  it('reads quoted keys and indexes in value paths', () => {
    expect(parseValuePath('$["set point"].values[2]')).toEqual(['set point', 'values', 2]);
    expect(parseValuePath('$')).toEqual([]);
    expect(parseValuePath('$.a..b')).toBeNull();
  });
});
