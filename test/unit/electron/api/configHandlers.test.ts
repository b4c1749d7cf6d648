import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type CallContext } from '../../../../electron/api/dispatcher.js';
import { createHandlers } from '../../../../electron/api/handlers.js';
import type { SyncControl } from '../../../../electron/sync/ports.js';
import type { ModelService } from '../../../../electron/api/modelHandlers.js';
import type { MappingService } from '../../../../electron/api/mappingHandlers.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import { TagSettings } from '../../../../electron/tags/tagSettings.js';
import type { SiteConfigService } from '../../../../electron/siteConfig/siteConfigService.js';
import type { Device, TagMeta } from '../../../../shared/domain.js';
import { Quality } from '../../../../shared/quality.js';
import type { Role } from '../../../../shared/roles.js';
import type { Envelope } from '../../../../shared/wire.js';
import { KEEP_EVERYTHING } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import type { CommandService } from '../../../../electron/commands/commandService.js';
import type { AlarmService } from '../../../../electron/api/alarmHandlers.js';
import type { AlarmJournalStore } from '../../../../electron/api/alarmJournalHandlers.js';

const session = { subscribe: () => 0, close: () => {} };
const as = (user: string, role: Role): CallContext => ({ caller: { user, roles: [role] }, session });
const engineer = as('erin', 'engineer');
const FLOW = 'line1/pump3/flow';
const BATCH = 'line1/pump3/batch';
const flow: TagMeta = {
  id: FLOW,
  device: 'line1/pump3',
  name: 'flow',
  description: 'Discharge flow',
  unit: 'm³/h',
  dataType: 'number',
  engLow: 0,
  engHigh: 120,
};

/**
 * tags.configure and devices.configure through the real dispatcher, registries, config.db worker
 * and historian worker: what an edit changes, and that a refused edit changes nothing.
 */
describe('tag and device configuration through the API', () => {
  const dir = makeTempDir();
  const log = createMemoryLogger();
  const historian = new Historian({ path: `${dir.path}/historian.db`, log, retention: KEEP_EVERYTHING });
  const configDb = new ConfigDb({ path: `${dir.path}/config.db`, log });
  const announced: TagMeta[] = [];
  const deviceChanges: Device[] = [];
  const tags = new TagRegistry(historian, (metas) => announced.push(...metas));
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000 });
  const settings = new TagSettings({
    store: configDb,
    tags,
    devices,
    compression: historian,
    onDevicesChanged: (changed) => deviceChanges.push(...changed),
  });
  const dispatch = createDispatcher(
    createHandlers({
      health: () => {
        throw new Error('not called in this test');
      },
      tags,
      devices,
      historian,
      views: configDb,
      brokers: { setCredential: () => Promise.reject(new Error('not called in this test')) },
      mappings: {} as MappingService, // mappings.* are not called here
      settings,
      commands: {} as CommandService, // not called in this test
      site: {} as SiteConfigService, // site.* are not called here
      alarmJournal: {} as AlarmJournalStore, // nor the alarm journal
      alarms: {} as AlarmService, // nor the alarm engine
      models: {} as ModelService, // models.* are not called here
      sync: {} as SyncControl, // nor sync.*
    }),
    log,
  );
  const call = (method: string, params: unknown, context = engineer) => dispatch(method, params, context);
  const error = (envelope: Envelope) => (envelope.ok ? null : envelope.error);
  const versions = async () => {
    const answer = await call('tags.listConfigVersions', { tag: FLOW });
    return answer.ok ? (answer.result as { versions: unknown[] }).versions : null;
  };

  beforeAll(async () => {
    await Promise.all([historian.start(), configDb.start()]);
    await tags.start();
    await settings.start();
    tags.define(flow);
    tags.define({
      ...flow,
      id: BATCH,
      name: 'batch',
      dataType: 'string',
      unit: '',
      engLow: null,
      engHigh: null,
    });
    devices.seen({ id: 'line1/pump3', area: 'line1', protocol: 'json' }, Date.now());
  });
  afterAll(async () => {
    await Promise.all([historian.stop(), configDb.stop()]);
    dir.remove();
  });

  it('applies an edit at once, announces it, and keeps who changed what', async () => {
    const config = { unit: 'l/s', engRange: { low: 0, high: 40 }, decimals: 1 };
    const answer = await call('tags.configure', { tag: FLOW, config, baseVersion: 0 });
    expect(answer).toMatchObject({
      ok: true,
      result: { version: 1, tag: { unit: 'l/s', engHigh: 40, decimals: 1 } },
    });
    expect(announced.at(-1)).toMatchObject({ id: FLOW, unit: 'l/s', engLow: 0, engHigh: 40 });
    expect(await call('tags.getConfig', { tag: FLOW }, as('vic', 'viewer'))).toMatchObject({
      ok: true,
      result: { version: 1, config, discovered: { unit: 'm³/h', engHigh: 120 } },
    });
    expect(await versions()).toEqual([
      { version: 1, changedMs: expect.any(Number), changedBy: 'erin', before: null, after: config },
    ]);
  });

  it.each([
    ['NaN', { engRange: { low: Number.NaN, high: 10 } }, /engRange\.low/],
    ['low ≥ high', { engRange: { low: 10, high: 10 } }, /low below high/],
    [
      'unordered limits',
      {
        alarms: [
          { kind: 'H', value: 5, deadband: 0, priority: 'low' },
          { kind: 'L', value: 6, deadband: 0, priority: 'low' },
        ],
      },
      /ordered/,
    ],
    ['a long text', { description: 'x'.repeat(100_000) }, /at most 200/],
  ])('refuses %s with a clear error and stores nothing', async (_what, config, message) => {
    const answer = await call('tags.configure', { tag: FLOW, config, baseVersion: 1 });
    expect(error(answer)).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    expect(await versions()).toHaveLength(1);
    expect(tags.get(FLOW)).toMatchObject({ unit: 'l/s', engHigh: 40 });
  });

  it('refuses Infinity sent as JSON would carry it (null), and an unknown tag', async () => {
    const infinite = JSON.parse(JSON.stringify({ engRange: { low: 0, high: Number.POSITIVE_INFINITY } }));
    expect(error(await call('tags.configure', { tag: FLOW, config: infinite, baseVersion: 1 }))?.code).toBe(
      'BAD_REQUEST',
    );
    expect(
      error(await call('tags.configure', { tag: 'line1/nowhere/flow', config: {}, baseVersion: 0 })),
    ).toEqual({
      code: 'NOT_FOUND',
      message: 'unknown tag: line1/nowhere/flow',
    });
    expect(await versions()).toHaveLength(1);
  });

  it('refuses viewers and operators with the role error, and stores nothing', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const answer = await call(
        'tags.configure',
        { tag: FLOW, config: { unit: 'x' }, baseVersion: 1 },
        as('op', role),
      );
      expect(error(answer)).toEqual({ code: 'FORBIDDEN', message: 'tags.configure needs the engineer role' });
      const device = await call(
        'devices.configure',
        { device: 'line1/pump3', config: {}, baseVersion: 0 },
        as('op', role),
      );
      expect(error(device)?.code).toBe('FORBIDDEN');
    }
    expect(await versions()).toHaveLength(1);
  });

  it('refuses an edit made from an older version as a conflict', async () => {
    const answer = await call('tags.configure', { tag: FLOW, config: { unit: 'gpm' }, baseVersion: 0 });
    expect(error(answer)).toEqual({ code: 'CONFLICT', message: expect.stringMatching(/changed meanwhile/) });
    expect(tags.get(FLOW)?.unit).toBe('l/s');
  });

  it('refuses ranges and limits on a string tag', async () => {
    const answer = await call('tags.configure', {
      tag: BATCH,
      config: { engRange: { low: 0, high: 1 } },
      baseVersion: 0,
    });
    expect(error(answer)).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/string tag: engRange/),
    });
  });

  it('refuses alarm definitions that cannot work, naming the problem, and stores none of them', async () => {
    const version = async (tag: string) => {
      const answer = await call('tags.getConfig', { tag });
      return answer.ok ? (answer.result as { version: number }).version : -1;
    };
    const before = await version(FLOW);
    const refused = async (alarms: unknown[], message: RegExp) => {
      const answer = await call('tags.configure', { tag: FLOW, config: { alarms }, baseVersion: before });
      expect(error(answer)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    };
    const h = { kind: 'H', value: 30, deadband: 1, priority: 'medium' };
    await refused([{ ...h, deadband: 500 }], /deadband 500 is not smaller than the engineering range/);
    await refused(
      [
        { ...h, value: 5 },
        { ...h, kind: 'L', value: 10 },
      ],
      /limits must be ordered LL < L < H < HH/,
    );
    await refused([{ ...h, onDelayMs: -5 }], /an on-delay is not negative/);
    await refused(
      [{ kind: 'deviation', setpointTag: 'line1/pump3/nowhere', value: 5, deadband: 1, priority: 'low' }],
      /reads line1\/pump3\/nowhere, which is not a known tag/,
    );
    await refused(
      [{ ...h, suppressWhen: { tag: 'line1/pump3/running', op: 'eq', value: false } }],
      /reads line1\/pump3\/running, which is not a known tag/,
    );
    await refused(
      [{ kind: 'deviation', setpointTag: FLOW, value: 5, deadband: 1, priority: 'low' }],
      /not with the tag itself/,
    );
    expect(await version(FLOW)).toBe(before);
  });

  it('allows discrete and bad-quality alarms on a string tag, and refuses limits there', async () => {
    const limits = await call('tags.configure', {
      tag: BATCH,
      config: { alarms: [{ kind: 'H', value: 3, deadband: 0, priority: 'low' }] },
      baseVersion: 0,
    });
    expect(error(limits)).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/H alarms apply to number tags only/),
    });
    const discrete = await call('tags.configure', {
      tag: BATCH,
      config: {
        alarms: [
          { kind: 'discrete', states: ['ABORTED'], priority: 'high' },
          { kind: 'badQuality', priority: 'medium' },
        ],
      },
      baseVersion: 0,
    });
    expect(discrete).toMatchObject({ ok: true, result: { version: 1 } });
  });

  it("hands a tag's storage deadband to the historian, which then drops smaller changes", async () => {
    await call('tags.configure', { tag: FLOW, config: { storageDeadband: 1 }, baseVersion: 1 });
    const key = tags.get(FLOW)!.key;
    const t0 = 1_000_000;
    // 10.0, 10.2, … 11.8: within ±1 of 10 until 11.2, then a new archived value.
    for (let i = 0; i < 10; i++) historian.append(key, t0 + i * 1000, 10 + i * 0.2, Quality.Good);
    await historian.flush();
    const { points } = await historian.queryRange({
      key,
      tag: FLOW,
      from: t0,
      to: t0 + 10_000,
      maxPoints: 1000,
    });
    expect(points.value.length).toBeLessThan(10);
    expect(points.value[0]).toBe(10);
  });

  it('sets a device timeout, pushes the device, and lists the change', async () => {
    const answer = await call('devices.configure', {
      device: 'line1/pump3',
      config: { staleAfterMs: 4_000 },
      baseVersion: 0,
    });
    expect(answer).toMatchObject({
      ok: true,
      result: { version: 1, device: { staleAfterMs: 4_000, staleAfterSource: 'configured' } },
    });
    expect(deviceChanges.at(-1)).toMatchObject({ id: 'line1/pump3', configVersion: 1 });
    expect(await call('devices.listConfigVersions', { device: 'line1/pump3' })).toMatchObject({
      ok: true,
      result: { versions: [{ version: 1, changedBy: 'erin', before: null, after: { staleAfterMs: 4_000 } }] },
    });
    expect(
      error(await call('devices.configure', { device: 'line9/ghost', config: {}, baseVersion: 0 }))?.code,
    ).toBe('NOT_FOUND');
    expect(
      error(
        await call('devices.configure', {
          device: 'line1/pump3',
          config: { staleAfterMs: 1 },
          baseVersion: 1,
        }),
      )?.code,
    ).toBe('BAD_REQUEST');
  });
});
