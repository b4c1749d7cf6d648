import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type CallContext, type Handlers } from '../../../../electron/api/dispatcher.js';
import { viewHandlers } from '../../../../electron/api/viewHandlers.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { Envelope } from '../../../../shared/wire.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const session = { subscribe: () => 0, close: () => {} };
const operator: CallContext = { caller: { user: 'ana', roles: ['operator'] }, session };
const viewer: CallContext = { caller: { user: 'vic', roles: ['viewer'] }, session };

const pen = (i: number) => ({ tag: `line1/pump${i}/flow` });
const view = { name: 'Pump 3', pens: [pen(3)], range: { kind: 'live', spanMs: 600_000 } };

/** views.* through the real dispatcher and a real config.db in a worker. */
describe('the saved view methods', () => {
  const dir = makeTempDir();
  const config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  const unused = () => {
    throw new Error('not called in this test');
  };
  const dispatch = createDispatcher(
    {
      ...Object.fromEntries(['system.getHealth', 'tags.list', 'devices.list'].map((m) => [m, unused])),
      ...viewHandlers(config, () => 42_000),
    } as Handlers,
    createMemoryLogger(),
  );
  const error = (envelope: Envelope) => (envelope.ok ? null : envelope.error);

  beforeAll(() => config.start());
  afterAll(async () => {
    await config.stop();
    dir.remove();
  });

  it('saves a view as the caller, trims its name, and lists it', async () => {
    const saved = await dispatch('views.save', { ...view, name: '  Pump 3 ' }, operator);
    expect(saved).toMatchObject({
      ok: true,
      result: { name: 'Pump 3', savedBy: 'ana', createdMs: 42_000, updatedMs: 42_000 },
    });
    expect(await dispatch('views.list', {}, viewer)).toMatchObject({
      ok: true,
      result: { views: [{ name: 'Pump 3', pens: [pen(3)] }] },
    });
  });

  it('refuses a savedBy from the client: the server says who saved', async () => {
    expect(
      error(await dispatch('views.save', { ...view, name: 'x', savedBy: 'boss' }, operator)),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/savedBy/),
    });
  });

  it('lets a viewer list views but not save or delete them', async () => {
    expect(error(await dispatch('views.save', view, viewer))).toEqual({
      code: 'FORBIDDEN',
      message: 'views.save needs the operator role',
    });
    expect(error(await dispatch('views.delete', { id: 'abc' }, viewer))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a duplicate name in another case with CONFLICT', async () => {
    expect(error(await dispatch('views.save', { ...view, name: 'PUMP 3' }, operator))).toEqual({
      code: 'CONFLICT',
      message: 'a view named "Pump 3" already exists: save over it or choose another name',
    });
  });

  it('refuses an unknown id with NOT_FOUND, for save and for delete', async () => {
    const id = '6f1c2c1e-1111-4111-8111-111111111111';
    expect(error(await dispatch('views.save', { ...view, id }, operator))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(error(await dispatch('views.delete', { id }, operator))).toEqual({
      code: 'NOT_FOUND',
      message: `no saved view has the id ${id}; it may have been deleted`,
    });
  });

  it('deletes a view', async () => {
    const saved = await dispatch('views.save', { ...view, name: 'short lived' }, operator);
    const id = saved.ok ? (saved.result as { id: string }).id : '';
    expect(await dispatch('views.delete', { id }, operator)).toEqual({ ok: true, result: { id } });
    const list = await dispatch('views.list', {}, viewer);
    expect(JSON.stringify(list)).not.toContain('short lived');
  });

  it.each([
    ['no name', { ...view, name: '   ' }, /name: a view needs a name/],
    [
      'a name of 81 characters',
      { ...view, name: 'x'.repeat(81) },
      /name: a view name has at most 80 characters/,
    ],
    ['no pens', { ...view, pens: [] }, /pens: a view needs at least one pen/],
    [
      '17 pens',
      { ...view, pens: Array.from({ length: 17 }, (_, i) => pen(i)) },
      /pens: a view holds at most 16 pens/,
    ],
    ['a tag twice', { ...view, pens: [pen(1), pen(1)] }, /pens: each tag may be a pen only once/],
    [
      'a NaN axis',
      { ...view, pens: [{ ...pen(1), axis: { min: NaN, max: 1 } }] },
      /pens\.0\.axis\.min: must be a finite number/,
    ],
    [
      'an axis sent as null (NaN in JSON)',
      { ...view, pens: [{ ...pen(1), axis: { min: 0, max: null } }] },
      /axis\.max: must be a finite number/,
    ],
    [
      'an inverted axis',
      { ...view, pens: [{ ...pen(1), axis: { min: 5, max: 5 } }] },
      /axis\.max: axis min must be below max/,
    ],
    [
      'an odd colour',
      { ...view, pens: [{ ...pen(1), colour: 'red' }] },
      /colour: must be a colour like #1f3a68/,
    ],
    ['a wildcard tag', { ...view, pens: [{ tag: 'line1/#' }] }, /pens\.0\.tag/],
    [
      'a NaN span',
      { ...view, range: { kind: 'live', spanMs: NaN } },
      /range\.spanMs: must be a finite number/,
    ],
    [
      'history ending before it starts',
      { ...view, range: { kind: 'history', from: 10, to: 10 } },
      /range\.from: from must be before to/,
    ],
    ['an unknown range kind', { ...view, range: { kind: 'forever' } }, /range/],
    ['a malformed id', { ...view, id: "1' OR 1=1" }, /id: must be a view id/],
  ])('refuses %s with a clear BAD_REQUEST', async (_case, params, message) => {
    const answer = error(await dispatch('views.save', params, operator));
    expect(answer?.code).toBe('BAD_REQUEST');
    expect(answer?.message).toMatch(message);
  });
});
