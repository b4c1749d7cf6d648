import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type CallContext } from '../../../../electron/api/dispatcher.js';
import { createHandlers } from '../../../../electron/api/handlers.js';
import type { SyncControl } from '../../../../electron/sync/ports.js';
import type { ModelService } from '../../../../electron/api/modelHandlers.js';
import type { MappingService } from '../../../../electron/api/mappingHandlers.js';
import type { ViewStore } from '../../../../electron/api/viewHandlers.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import type { SiteConfigService } from '../../../../electron/siteConfig/siteConfigService.js';
import type { TagSettings } from '../../../../electron/tags/tagSettings.js';
import { MAX_EVENTS } from '../../../../shared/contract.js';
import { Quality } from '../../../../shared/quality.js';
import type { Envelope } from '../../../../shared/wire.js';
import { KEEP_EVERYTHING } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import type { CommandService } from '../../../../electron/commands/commandService.js';
import type { AlarmService } from '../../../../electron/api/alarmHandlers.js';
import type { AlarmJournalStore } from '../../../../electron/api/alarmJournalHandlers.js';

const session = { subscribe: () => 0, close: () => {} };
const viewer: CallContext = { caller: { user: 'vic', roles: ['viewer'] }, session };
const meta = { device: 'line1/conveyor1', description: '', unit: '', engLow: null, engHigh: null };

/** history.queryEvents through the real dispatcher, tag registry and historian worker. */
describe('the history.queryEvents method', () => {
  const dir = makeTempDir();
  const historian = new Historian({
    path: `${dir.path}/historian.db`,
    log: createMemoryLogger(),
    retention: KEEP_EVERYTHING,
  });
  const tags = new TagRegistry(historian);
  const unusedViews = {} as ViewStore; // views.* are not called here
  const unusedMappings = {} as MappingService; // nor mappings.*
  const dispatch = createDispatcher(
    createHandlers({
      health: () => {
        throw new Error('not called in this test');
      },
      tags,
      devices: new DeviceRegistry({ siteStaleAfterMs: 15_000 }),
      historian,
      views: unusedViews,
      mappings: unusedMappings,
      brokers: { setCredential: () => Promise.reject(new Error('not called in this test')) },
      settings: {} as TagSettings, // tags.configure and kin are not called here
      commands: {} as CommandService, // nor are commands
      site: {} as SiteConfigService, // nor site.*
      alarmJournal: {} as AlarmJournalStore, // nor the alarm journal
      alarms: {} as AlarmService, // nor the alarm engine
      models: {} as ModelService, // models.* are not called here
      sync: {} as SyncControl, // nor sync.*
    }),
    createMemoryLogger(),
  );
  const call = (params: unknown): Promise<Envelope> => dispatch('history.queryEvents', params, viewer);
  const error = (envelope: Envelope) => (envelope.ok ? null : envelope.error);

  beforeAll(async () => {
    await historian.start();
    await tags.start();
    const batch = tags.define({ ...meta, id: 'line1/conveyor1/batch', name: 'batch', dataType: 'string' });
    tags.define({ ...meta, id: 'line1/conveyor1/speed', name: 'speed', dataType: 'number' });
    for (let i = 1; i <= 5; i++) historian.appendText(batch.key, i * 1000, `B${i}`, Quality.Good);
    await historian.flush();
  });
  afterAll(async () => {
    await historian.stop();
    dir.remove();
  });

  it('answers the newest events first by default, and the oldest first when asked', async () => {
    expect(await call({ tag: 'line1/conveyor1/batch', from: 0, to: 10_000, limit: 2 })).toEqual({
      ok: true,
      result: {
        tag: 'line1/conveyor1/batch',
        from: 0,
        to: 10_000,
        order: 'newest',
        events: [
          { ts: 5000, text: 'B5', quality: Quality.Good },
          { ts: 4000, text: 'B4', quality: Quality.Good },
        ],
        more: true,
      },
    });
    const oldest = await call({ tag: 'line1/conveyor1/batch', from: 0, to: 10_000, order: 'oldest' });
    expect(oldest).toMatchObject({
      ok: true,
      result: { events: [{ text: 'B1' }, {}, {}, {}, { text: 'B5' }] },
    });
  });

  it('answers NOT_FOUND for an unknown tag', async () => {
    expect(error(await call({ tag: 'line1/nowhere/batch', from: 0, to: 1 }))).toEqual({
      code: 'NOT_FOUND',
      message: 'unknown tag: line1/nowhere/batch',
    });
  });

  it.each([
    [{ tag: 'line1/conveyor1/batch', from: 10, to: 5 }, /from must not be after to/],
    [{ tag: 'line1/conveyor1/batch', from: 0, to: 5, limit: MAX_EVENTS + 1 }, /limit/],
    [{ tag: 'line1/conveyor1/batch', from: 0, to: 5, limit: 0 }, /limit/],
    [{ tag: 'line1/conveyor1/batch', from: 0, to: 5, order: 'random' }, /order/],
    [{ tag: 'line1/conveyor1/batch', from: -1, to: 5 }, /from/],
    [{ tag: 'line1/conveyor1/batch', from: 0, to: 5, extra: 1 }, /extra/],
    [{ tag: 'line1/#', from: 0, to: 5 }, /tag/],
  ])('refuses %j as a bad request', async (params, message) => {
    expect(error(await call(params))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(message),
    });
  });

  it('says a numeric tag has no events, and a string tag has no samples to chart', async () => {
    expect(error(await call({ tag: 'line1/conveyor1/speed', from: 0, to: 5 }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/number tag: events are kept for string tags/),
    });
    const range = await dispatch(
      'history.queryRange',
      { tag: 'line1/conveyor1/batch', from: 0, to: 5 },
      viewer,
    );
    expect(error(range)).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/string tag: its texts are events; use history.queryEvents/),
    });
  });

  it('answers history.valueAt of a string tag with its text', async () => {
    expect(await dispatch('history.valueAt', { tag: 'line1/conveyor1/batch', at: 3500 }, viewer)).toEqual({
      ok: true,
      result: { tag: 'line1/conveyor1/batch', at: 3500, ts: 3000, value: 'B3', quality: Quality.Good },
    });
  });
});
