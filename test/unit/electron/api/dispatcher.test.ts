import { describe, expect, it } from 'vitest';
import { methodNames, methods } from '../../../../shared/contract.js';
import { ApiError } from '../../../../shared/errors.js';
import type { Caller } from '../../../../shared/roles.js';
import { createDispatcher, type Handlers } from '../../../../electron/api/dispatcher.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';

const session = { subscribe: () => 0, close: () => {} };
const admin: Caller = { user: 'admin', roles: ['admin'] };
const nobody: Caller = { user: 'guest', roles: [] };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not called in this test');
  };
  return {
    'system.getHealth': unused,
    'system.getCaller': unused,
    'tags.list': () => ({ tags: [] }),
    'devices.list': unused,
    'devices.configure': unused,
    'devices.listConfigVersions': unused,
    'tags.getConfig': unused,
    'tags.configure': unused,
    'tags.listConfigVersions': unused,
    'history.queryRange': (params) => ({
      tag: params.tag,
      from: params.from,
      to: params.to,
      mode: 'raw',
      points: { ts: [], value: [], quality: [] },
    }),
    'history.queryRanges': unused,
    'history.queryAggregates': unused,
    'history.valueAt': unused,
    'history.queryEvents': unused,
    'live.subscribe': unused,
    'views.list': unused,
    'views.save': unused,
    'views.delete': unused,
    'mappings.list': unused,
    'site.exportConfig': unused,
    'site.importConfig': unused,
    'alarms.list': unused,
    'alarms.acknowledge': unused,
    'alarms.shelve': unused,
    'alarms.unshelve': unused,
    'alarms.setOutOfService': unused,
    'alarms.returnToService': unused,
    'alarms.reset': unused,
    'alarms.addNote': unused,
    'alarms.getSettings': unused,
    'alarms.setSettings': unused,
    'alarms.queryJournal': unused,
    'alarms.getKpiReport': unused,
    'alarms.listSettingsVersions': unused,
    'mappings.save': unused,
    'mappings.delete': unused,
    'mappings.setFallback': unused,
    'mappings.preview': unused,
    'mappings.captureNext': unused,
    'brokers.setCredential': unused,
    'commands.prepare': unused,
    'commands.send': unused,
    'commands.list': unused,
    'models.list': unused,
    'models.getSignature': unused,
    'models.saveBinding': unused,
    'models.setEnabled': unused,
    'models.deleteBinding': unused,
    'models.listBindingVersions': unused,
    'models.testRun': unused,
    'models.importFile': unused,
    'models.learnNormal': unused,
    'sync.status': unused,
    'sync.settings': unused,
    'sync.saveSettings': unused,
    'sync.dropBacklog': unused,
    'sync.reconnect': unused,
    ...overrides,
  };
}

describe('the API contract', () => {
  it('declares a role and a doc line for every method', () => {
    for (const name of methodNames) {
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
      expect(methods[name].doc.length).toBeGreaterThan(10);
      expect(['viewer', 'operator', 'engineer', 'admin']).toContain(methods[name].role);
    }
  });
});

describe('the dispatcher', () => {
  const log = createMemoryLogger();
  const dispatch = createDispatcher(handlers(), log);
  const context = { caller: admin, session };

  it('answers a well-formed call with its result', async () => {
    const envelope = await dispatch('history.queryRange', { tag: 'a/b/c', from: 0, to: 10 }, context);
    expect(envelope).toMatchObject({ ok: true, result: { tag: 'a/b/c', mode: 'raw' } });
  });

  it('fills defaults from the schema before the handler sees the call', async () => {
    let seen: unknown;
    const spy = createDispatcher(
      handlers({ 'history.queryRange': (p) => ((seen = p), handlers()['history.queryRange'](p, context)) }),
      log,
    );
    await spy('history.queryRange', { tag: 'a/b', from: 0, to: 1 }, context);
    expect(seen).toMatchObject({ maxPoints: 2000 });
  });

  it('rejects a method that is not in the contract', async () => {
    expect(await dispatch('system.shutdown', {}, context)).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'no such method: system.shutdown' },
    });
    expect(await dispatch({ toString: 'x' }, {}, context)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it.each([
    ['a missing field', { from: 0, to: 1 }],
    ['a wrong type', { tag: 'a/b', from: '0', to: 1 }],
    ['from after to', { tag: 'a/b', from: 10, to: 1 }],
    ['an absurd maxPoints', { tag: 'a/b', from: 0, to: 1, maxPoints: 1e9 }],
    ['an unknown field', { tag: 'a/b', from: 0, to: 1, sql: 'DROP TABLE' }],
    ['a wildcard tag', { tag: 'a/#', from: 0, to: 1 }],
    ['no params object', 'history'],
  ])('rejects malformed params (%s) with BAD_REQUEST', async (_case, params) => {
    const envelope = await dispatch('history.queryRange', params, context);
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('BAD_REQUEST');
      expect(envelope.error.message).toMatch(/^history\.queryRange: /);
    }
  });

  it('refuses a caller without the required role', async () => {
    expect(await dispatch('tags.list', {}, { caller: nobody, session })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'tags.list needs the viewer role' },
    });
  });

  it('passes expected failures through as their code', async () => {
    const failing = createDispatcher(
      handlers({
        'tags.list': () => {
          throw new ApiError('NOT_FOUND', 'no such tag');
        },
      }),
      log,
    );
    expect(await failing('tags.list', {}, context)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such tag' },
    });
  });

  it('hides the details of a bug from the client and logs them', async () => {
    const buggy = createDispatcher(
      handlers({
        'tags.list': () => {
          throw new TypeError('secret internals at /home/user/app.js:12');
        },
      }),
      log,
    );
    const envelope = await buggy('tags.list', {}, context);
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'tags.list failed with an internal error; see the app log' },
    });
    expect(JSON.stringify(envelope)).not.toContain('secret');
    expect(log.lines.some((line) => line.includes('secret internals'))).toBe(true);
  });
});
