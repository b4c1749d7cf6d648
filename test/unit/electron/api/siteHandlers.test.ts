import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher, type CallContext } from '../../../../electron/api/dispatcher.js';
import { createHandlers } from '../../../../electron/api/handlers.js';
import type { SyncControl } from '../../../../electron/sync/ports.js';
import type { ModelService } from '../../../../electron/api/modelHandlers.js';
import type { ViewStore } from '../../../../electron/api/viewHandlers.js';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { InputErrors } from '../../../../electron/connectivity/inputErrors.js';
import { JsonMappings } from '../../../../electron/connectivity/json/jsonMappings.js';
import { shippedRules } from '../../../../electron/connectivity/json/shippedRules.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { SiteConfigService } from '../../../../electron/siteConfig/siteConfigService.js';
import { DeviceRegistry } from '../../../../electron/tags/deviceRegistry.js';
import { TagRegistry } from '../../../../electron/tags/tagRegistry.js';
import { TagSettings } from '../../../../electron/tags/tagSettings.js';
import type { Role } from '../../../../shared/roles.js';
import type { BrokerConfig } from '../../../../shared/siteConfig.js';
import {
  SiteConfigFileSchema,
  type ImportResult,
  type SiteConfigFile,
} from '../../../../shared/siteConfigFile.js';
import type { Envelope } from '../../../../shared/wire.js';
import { makeTempDir } from '../../../helpers/tempDir.js';
import { editable, fullSiteFile } from '../../../helpers/siteConfigFiles.js';
import type { CommandService } from '../../../../electron/commands/commandService.js';
import type { AlarmService } from '../../../../electron/api/alarmHandlers.js';
import type { AlarmJournalStore } from '../../../../electron/api/alarmJournalHandlers.js';

const session = { subscribe: () => 0, close: () => {} };
const as = (user: string, role: Role): CallContext => ({ caller: { user, roles: [role] }, session });
const admin = as('ada', 'admin');
const BATCH = 'boiler/b1/batch';
/** fullSiteFile's ONNX binding names a model file this data folder does not have. */
const MISSING_MODEL =
  "models[0].model: boiler_health.onnx is not in the data folder's models/ or the shipped models: boiler-health is stored but fails until the file is there";

/**
 * site.exportConfig and site.importConfig through the real dispatcher, config.db worker, JSON
 * mappings, tag settings and registries. The brokers part is the runtime's (swapping links is
 * tested with real brokers in test/integration/siteConfig.test.ts); here it is what the runtime
 * keeps: a list, replaced when an import brings another.
 */
describe('the site configuration through the API', () => {
  const dir = makeTempDir();
  const log = createMemoryLogger();
  const historian = new Historian({ path: `${dir.path}/historian.db`, log });
  const configDb = new ConfigDb({ path: `${dir.path}/config.db`, log });
  const tags = new TagRegistry(historian);
  const devices = new DeviceRegistry({ siteStaleAfterMs: 15_000 });
  const settings = new TagSettings({
    store: configDb,
    tags,
    devices,
    compression: historian,
    onDevicesChanged: () => {},
  });
  const mappings = new JsonMappings({
    store: configDb,
    errors: new InputErrors(log),
    log,
    shipped: () => shippedRules('factory'),
  });
  let brokers: BrokerConfig[] = [];
  const site = new SiteConfigService({
    brokers: {
      configured: () => brokers,
      replace: async (next) => {
        brokers = next;
      },
    },
    mappings,
    settings,
    // Bindings stored as the inference runtime stores them (its running them is tested in
    // test/integration/siteConfig.test.ts); no model file is here.
    models: {
      stored: () => configDb.listBindings(),
      hasFile: () => false,
      apply: async ({ save, remove }, by) => {
        for (const { binding, version } of remove)
          await configDb.deleteBinding({ id: binding.id, baseVersion: version, changedBy: by, now: 1 });
        for (const { binding, version } of save)
          await configDb.saveBinding({ binding, baseVersion: version, changedBy: by, now: 1 });
      },
    },
    tag: (id) => tags.get(id),
    log,
  });
  const dispatch = createDispatcher(
    createHandlers({
      health: () => {
        throw new Error('not called in this test');
      },
      tags,
      devices,
      historian,
      views: {} as ViewStore, // views.* are not called here
      brokers: { setCredential: () => Promise.reject(new Error('not called in this test')) },
      mappings,
      settings,
      site,
      alarmJournal: {} as AlarmJournalStore, // nor the alarm journal
      alarms: {} as AlarmService, // nor the alarm engine
      commands: {} as CommandService, // not called here
      models: {} as ModelService, // models.* are not called here
      sync: {} as SyncControl, // nor sync.*
    }),
    log,
  );
  const resultOf = <T>(envelope: Envelope): T => {
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.result as T;
  };
  const exported = async (context = admin) =>
    resultOf<SiteConfigFile>(await dispatch('site.exportConfig', {}, context));
  const importFile = async (file: unknown, dryRun: boolean, context = admin) =>
    resultOf<ImportResult>(await dispatch('site.importConfig', { file, dryRun }, context));
  /** What an export says, without when and by whom. */
  const contents = ({ exportedMs: _ms, exportedBy: _by, ...rest }: SiteConfigFile) => rest;

  beforeAll(async () => {
    await Promise.all([historian.start(), configDb.start()]);
    await tags.start();
    await mappings.start();
    await settings.start();
    tags.define({
      id: BATCH,
      device: 'boiler/b1',
      name: 'batch',
      description: '',
      unit: '',
      dataType: 'string',
      engLow: null,
      engHigh: null,
    });
  });
  afterAll(async () => {
    await site.stop();
    mappings.stop();
    await Promise.all([historian.stop(), configDb.stop()]);
    dir.remove();
  });

  it('exports a fresh site: the shipped rule, no brokers, nothing configured', async () => {
    const file = await exported(as('erin', 'engineer'));
    expect(file).toMatchObject({
      format: 'watchkeeper-site-config',
      version: 2,
      exportedBy: 'erin',
      brokers: [],
      mappings: { fallback: { action: 'ignore' } },
      devices: [],
      tags: [],
      models: [],
    });
    expect(file.mappings.rules.map((rule) => rule.topic)).toEqual(['factory/{area}/{device}/{tag#}']);
  });

  it('says in a dry run what a file would change, and changes nothing', async () => {
    const before = contents(await exported());
    const answer = await importFile(fullSiteFile(), true);
    expect(answer).toEqual({
      ok: true,
      dryRun: true,
      brokers: { changed: true, before: [], after: ['north', 'south'] },
      rules: {
        added: ['Boilers', 'Meters'],
        replaced: [],
        removed: ['factory/<area>/<device>/<tag>, one value per message'],
        unchanged: 0,
        fallbackChanged: true,
      },
      devices: { configured: 1, unchanged: 0 },
      tags: { configured: 1, unchanged: 0 },
      models: { added: ['boiler-health', 'temp-z'], changed: [], removed: [], unchanged: 0 },
      warnings: [MISSING_MODEL],
    });
    expect(contents(await exported())).toEqual(before);
  });

  it('applies a file: its export then reads as the file, and each change is a version by the importer', async () => {
    const answer = await importFile(fullSiteFile(), false);
    expect(answer).toMatchObject({ ok: true, dryRun: false, tags: { configured: 1 } });
    const file = await exported();
    expect(contents(file)).toEqual(contents(SiteConfigFileSchema.parse(fullSiteFile())));
    expect(brokers.map((b) => b.id)).toEqual(['north', 'south']);
    // The capture fallback's plant/# covers the Boilers rule's plant/+/+.
    expect(mappings.topicFilters()).toEqual(['meters/+/+', 'plant/#']);
    expect(devices.list()).toEqual([]); // configured, waiting for the device to appear
    const versions = await settings.versions('tag', 'boiler/b1/temp', 10);
    expect(versions).toMatchObject([{ version: 1, changedBy: 'ada (import)', before: null }]);
    expect(mappings.list().rules.map((rule) => rule.savedBy)).toEqual(['ada (import)', 'ada (import)']);
    expect(await configDb.listBindingVersions('boiler-health', 10)).toMatchObject([
      { version: 1, changedBy: 'ada (import)', before: null, after: { model: 'boiler_health.onnx' } },
    ]);
  });

  it('finds nothing to change when the same file comes again', async () => {
    expect(await importFile(fullSiteFile(), true)).toMatchObject({
      brokers: { changed: false },
      rules: { added: [], replaced: [], removed: [], unchanged: 2, fallbackChanged: false },
      devices: { configured: 0, unchanged: 1 },
      tags: { configured: 0, unchanged: 1 },
      models: { added: [], changed: [], removed: [], unchanged: 2 },
    });
  });

  it('takes a file’s models as the whole set: changed ones are new versions, ones left out deleted', async () => {
    const file = editable(fullSiteFile());
    file.models = [{ ...file.models[1], threshold: 3 }];
    expect(await importFile(file, false)).toMatchObject({
      models: { added: [], changed: ['temp-z'], removed: ['boiler-health'], unchanged: 0 },
    });
    expect((await exported()).models).toEqual([expect.objectContaining({ id: 'temp-z', threshold: 3 })]);
    expect(await configDb.listBindingVersions('boiler-health', 10)).toMatchObject([
      { version: 2, changedBy: 'ada (import)', after: null },
      { version: 1 },
    ]);
    // A file without models (version 1, or 2 without the key) says nothing about them.
    const { models: _models, ...older } = fullSiteFile();
    const answer = await importFile({ ...older, version: 1 }, false);
    expect(answer).toMatchObject({ ok: true });
    expect(answer).not.toHaveProperty('models');
    expect((await exported()).models?.map((binding) => binding.id)).toEqual(['temp-z']);
    expect(await importFile(fullSiteFile(), false)).toMatchObject({
      models: { added: ['boiler-health'], changed: ['temp-z'], removed: [] },
    });
  });

  it('refuses a bad binding with its path, and changes nothing', async () => {
    const before = contents(await exported());
    const file = editable(fullSiteFile());
    file.models[0].trigger = { kind: 'interval', everyMs: 5 };
    file.models[1].score.tag = '';
    const answer = await importFile(file, false);
    expect(answer).toEqual({
      ok: false,
      problems: [
        'models[0].trigger.everyMs: Too small: expected number to be >=100',
        'models[1].score.tag: Too small: expected string to have >=1 characters',
        'models[1].score.tag: must be a path like area/device/tag without + or #',
      ],
    });
    expect(contents(await exported())).toEqual(before);
  });

  it('leaves what a file does not name as it is, and replaces a rule that changed in place', async () => {
    await settings.importConfigs('tag', [{ id: 'other/t', config: { unit: 'bar' } }], 'erin');
    const file = editable(fullSiteFile());
    file.mappings.rules.reverse();
    file.mappings.rules[0].name = 'Meters (all)';
    file.brokers = [];
    file.tags[0].config.unit = 'K';
    const answer = await importFile(file, false);
    expect(answer).toMatchObject({
      brokers: { changed: false, after: ['north', 'south'] },
      rules: { added: [], replaced: ['Meters (all)', 'Boilers'], removed: [], unchanged: 0 },
      tags: { configured: 1, unchanged: 0 },
    });
    const after = await exported();
    expect(after.brokers.map((b) => b.id)).toEqual(['north', 'south']);
    expect(after.tags.map((tag) => [tag.id, tag.config.unit])).toEqual([
      ['boiler/b1/temp', 'K'],
      ['other/t', 'bar'],
    ]);
    expect(after.mappings.rules.map((rule) => rule.name)).toEqual(['Meters (all)', 'Boilers']);
  });

  it('answers an invalid file with every problem and changes nothing', async () => {
    const before = contents(await exported());
    const file = editable(fullSiteFile());
    file.tags[0].config.engRange = { low: 5, high: 1 };
    file.tags.push({
      id: BATCH,
      config: { alarms: [{ kind: 'H', value: 1, deadband: 0, priority: 'low' }] },
    });
    file.devices[0].config.area = 'a/b';
    const answer = await importFile(file, false);
    expect(answer).toEqual({
      ok: false,
      problems: [
        'devices[0].config.area: an area name has no / + or #',
        'tags[0].config.engRange.high: the engineering range needs low below high',
      ],
    });
    file.tags[0].config.engRange = { low: 0, high: 5 };
    file.devices[0].config.area = 'Boilers';
    expect(await importFile(file, false)).toEqual({
      ok: false,
      problems: [
        `tags[1].config: ${BATCH} is a string tag: H alarms apply to number tags only (discrete and bad-quality alarms apply to any tag)`,
      ],
    });
    expect(await importFile('not a file', false)).toMatchObject({
      ok: false,
      problems: [expect.any(String)],
    });
    expect(contents(await exported())).toEqual(before);
  });

  it('refuses an alarm deadband as wide as the range, and warns of alarms that read unknown tags', async () => {
    const file = editable(fullSiteFile());
    file.tags[0].config.alarms[0].deadband = 250;
    expect(await importFile(file, true)).toEqual({
      ok: false,
      problems: [
        "tags[0].config: boiler/b1/temp: the H alarm's deadband 250 is not smaller than the engineering range (200): it could never clear",
      ],
    });
    file.tags[0].config.alarms[0].deadband = 2;
    file.tags[0].config.alarms.push({
      kind: 'deviation',
      setpointTag: 'boiler/b1/setpoint',
      value: 5,
      deadband: 1,
      priority: 'low',
      suppressWhen: { tag: 'boiler/b1/temp', op: 'lt', value: 20 },
    });
    const answer = await importFile(file, true);
    expect(answer).toMatchObject({
      ok: true,
      warnings: [
        'tags[0].config: boiler/b1/temp: the deviation alarm reads boiler/b1/setpoint, which is not a known tag',
        MISSING_MODEL,
      ],
    });
  });

  it('lets engineers export but only admins import, even as a dry run', async () => {
    for (const role of ['viewer', 'operator', 'engineer'] as const) {
      for (const dryRun of [true, false]) {
        const answer = await dispatch('site.importConfig', { file: fullSiteFile(), dryRun }, as('x', role));
        expect(answer).toEqual({
          ok: false,
          error: { code: 'FORBIDDEN', message: 'site.importConfig needs the admin role' },
        });
      }
    }
    const viewer = await dispatch('site.exportConfig', {}, as('vic', 'viewer'));
    expect(viewer.ok ? null : viewer.error.code).toBe('FORBIDDEN');
  });
});
