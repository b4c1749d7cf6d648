import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseStored } from '../../../../electron/config/storedJson.js';

const Point = z.object({ id: z.string(), at: z.object({ x: z.number() }), tags: z.array(z.string()) });

describe('parseStored', () => {
  it('reads a stored JSON text through its schema', () => {
    const bad: string[] = [];
    expect(parseStored('{"x":1}', Point.shape.at, 'point p', (m) => bad.push(m))).toEqual({ x: 1 });
    expect(bad).toEqual([]);
  });

  it('reads a row whose JSON columns are parts of one object, placed beside its plain columns', () => {
    const bad: string[] = [];
    const read = parseStored(
      { at: '{"x":2}', tag_list: '["a"]' },
      Point,
      'point p',
      (m) => bad.push(m),
      (json) => ({
        id: 'p',
        at: json.at,
        tags: json.tag_list,
      }),
    );
    expect(read).toEqual({ id: 'p', at: { x: 2 }, tags: ['a'] });
    expect(bad).toEqual([]);
  });

  it('passes over a row with a column that is not JSON, naming the column', () => {
    const bad: string[] = [];
    const toInput = (json: Record<'at' | 'tag_list', unknown>) => ({
      id: 'p',
      at: json.at,
      tags: json.tag_list,
    });
    expect(
      parseStored({ at: '{"x":2}', tag_list: '["a"' }, Point, 'point p', (m) => bad.push(m), toInput),
    ).toBeNull();
    expect(parseStored('{"x":', Point.shape.at, 'point q', (m) => bad.push(m))).toBeNull();
    expect(bad).toEqual([
      'point p is not valid JSON (tag_list); passed over it',
      'point q is not valid JSON; passed over it',
    ]);
  });

  it('passes over a row that no longer fits the schema, saying where', () => {
    const bad: string[] = [];
    expect(parseStored('{"x":"far"}', Point.shape.at, 'point p', (m) => bad.push(m))).toBeNull();
    expect(bad).toEqual([expect.stringMatching(/^point p does not parse \(x: .+\); passed over it$/)]);
  });
});
