import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pumpBearingBinding } from '../../electron/inference/shipped/demoBindings.js';
import type { Device, Health, Tag } from '../../shared/domain.js';
import type { ModelStatus } from '../../shared/models.js';
import type { SiteConfigFile, SiteConfigFileInput } from '../../shared/siteConfigFile.js';
import { getJson } from '../helpers/controlRoom.js';
import { startMosquitto, type MosquittoHandle } from '../helpers/mosquitto.js';
import { startServeProcess, type ServeProcess } from '../helpers/serveProcess.js';
import { editable } from '../helpers/siteConfigFiles.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { waitFor } from '../helpers/waitFor.js';
import { connectWs } from '../helpers/wsClient.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../out/electron/bin.js', import.meta.url));
const TEMP = 'boilers/b1/temp';
/** The shipped bearing model bound to a boiler's (absent) pump tags: it loads, and waits for data. */
const BEARING = { ...pumpBearingBinding('boilers/b1'), id: 'bearing-b1' };

/** What an export says, without when and by whom it was made. */
const contents = ({ exportedMs: _ms, exportedBy: _by, ...rest }: SiteConfigFile) => rest;

/**
 * The whole-site file against real `watchkeeper serve` processes and a real Mosquitto: applied
 * at start by `--config`, exported for download, imported over the API into a fresh site that
 * then reads the same broker without a restart, and a wrong file refused before anything starts.
 * Messages are retained, so each reaches a site whenever its subscription is in place.
 */
describe('the whole-site configuration file with real serve processes', () => {
  let broker: MosquittoHandle;
  const dir = makeTempDir('wk-siteconfig-');
  const running: ServeProcess[] = [];
  const serve = async (args: string[]) => {
    const started = await startServeProcess(args);
    running.push(started);
    return started;
  };

  function siteFile(): SiteConfigFileInput {
    return {
      format: 'watchkeeper-site-config',
      version: 2,
      brokers: [
        { id: 'plant', name: 'Plant network', url: broker.url, reconnect: { initialMs: 100, maxMs: 1_000 } },
      ],
      mappings: {
        rules: [
          {
            id: 'boilers',
            name: 'Boilers',
            topic: 'plant/{area}/{device}',
            points: [{ value: '$.temp', tag: 'temp' }],
          },
        ],
        fallback: { action: 'ignore' },
      },
      devices: [{ id: 'boilers/b1', config: { staleAfterMs: 60_000, area: 'Boiler house' } }],
      tags: [
        {
          id: TEMP,
          config: {
            unit: '°C',
            engRange: { low: 0, high: 200 },
            alarms: [{ kind: 'H', value: 150, deadband: 2, priority: 'high' }],
          },
        },
      ],
      // In id order, as an export lists them.
      models: [BEARING, { kind: 'zscore', id: 'temp-z', tag: TEMP, score: { tag: 'boilers/b1/temp_z' } }],
    };
  }
  const writeFile = (name: string, content: unknown) => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };
  const publish = (topic: string, payload: unknown) =>
    run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-t',
      topic,
      '-r',
      '-m',
      JSON.stringify(payload),
    ]);
  const tag = async (site: ServeProcess, id: string) =>
    (await getJson<{ tags: Tag[] }>(site, '/api/tags')).tags.find((t) => t.id === id);
  const link = async (site: ServeProcess, id: string) =>
    (await getJson<Health>(site, '/api/health')).links?.find((l) => l.id === id);
  /** A site's model bindings by id, once none is still loading its model. */
  const modelsOf = async (site: ServeProcess) => {
    const api = await connectWs(site.url);
    try {
      return await waitFor('the models to load', async () => {
        const answer = await api.call('models.list', {});
        if (!answer.ok) throw new Error(JSON.stringify(answer.error));
        const { models } = answer.result as { models: ModelStatus[] };
        if (models.some((m) => m.message?.startsWith('loading'))) return undefined;
        return new Map(models.map((m) => [m.binding.id, m]));
      });
    } finally {
      api.close();
    }
  };
  const versionsOf = async (site: ServeProcess, id: string) => {
    const api = await connectWs(site.url);
    try {
      const answer = await api.call('models.listBindingVersions', { id, limit: 10 });
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      return (answer.result as { versions: { version: number; changedBy: string; after: unknown }[] })
        .versions;
    } finally {
      api.close();
    }
  };
  const exportOf = async (site: ServeProcess) => {
    const response = await fetch(`${site.url}/api/config/site.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="watchkeeper-site-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    return (await response.json()) as SiteConfigFile;
  };

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterAll(async () => {
    await Promise.all(running.map((site) => site.stop()));
    await broker?.stop();
    dir.remove();
  });

  it('serve --config uses its brokers and applies its rules, devices and tags before data flows', async () => {
    const site = await serve([
      '--data-dir',
      join(dir.path, 'a'),
      '--config',
      writeFile('site.json', siteFile()),
    ]);
    expect(site.output()).toMatch(/brokers: plant mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(site.output()).not.toMatch(/demo plant running/);
    await publish('plant/boilers/b1', { temp: 71.5 });
    const temp = await waitFor('the mapped value to arrive', () => tag(site, TEMP));
    await waitFor('its value', async () => (await tag(site, TEMP))?.value === 71.5 || undefined);
    expect(temp).toMatchObject({
      unit: '°C',
      engLow: 0,
      engHigh: 200,
      limits: [{ kind: 'H', value: 150 }],
    });
    const devices = await getJson<{ devices: Device[] }>(site, '/api/devices');
    expect(devices.devices.find((d) => d.id === 'boilers/b1')).toMatchObject({
      area: 'Boiler house',
      broker: 'plant',
      staleAfterMs: 60_000,
    });
    expect(contents(await exportOf(site))).toMatchObject({
      brokers: [{ id: 'plant', url: broker.url }],
      mappings: { rules: [{ id: 'boilers', name: 'Boilers' }], fallback: { action: 'ignore' } },
      devices: siteFile().devices,
      tags: [{ id: TEMP, config: { unit: '°C' } }],
      models: [
        { id: 'bearing-b1', model: 'pump_bearing.onnx' },
        { id: 'temp-z', samples: 20 },
      ],
    });
    // The bindings are stored as versions by the importer and run on the real runtime.
    const models = await modelsOf(site);
    expect(models.get('bearing-b1')).toMatchObject({
      source: 'stored',
      version: 1,
      state: 'waiting',
      // Loaded and fitting its model (else 'error'): waiting for a window, or marking it bad.
    });
    expect(models.get('temp-z')).toMatchObject({ source: 'stored', version: 1, state: 'waiting' });
    expect(await versionsOf(site, 'temp-z')).toMatchObject([
      { version: 1, changedBy: expect.stringMatching(/\(--config\) \(import\)$/) },
    ]);
  });

  it('imports one site’s export into a fresh one (dry run, then apply), which then exports the same and reads the broker', async () => {
    const source = running[0]!;
    const exported = await exportOf(source);
    const fresh = await serve(['--data-dir', join(dir.path, 'b'), '--no-demo']);
    expect(fresh.output()).toMatch(/\(embedded\)/);
    const freshBefore = contents(await exportOf(fresh));
    const api = await connectWs(fresh.url);
    try {
      const dryRun = await api.call('site.importConfig', { file: exported, dryRun: true });
      expect(dryRun).toMatchObject({
        ok: true,
        result: {
          ok: true,
          dryRun: true,
          brokers: { changed: true, before: [], after: ['plant'] },
          rules: { added: ['Boilers'], removed: [expect.stringMatching(/^factory/)] },
          devices: { configured: 1 },
          tags: { configured: 1 },
          models: { added: ['bearing-b1', 'temp-z'], changed: [], removed: [], unchanged: 0 },
        },
      });
      expect(dryRun.result).not.toHaveProperty('warnings');
      expect(contents(await exportOf(fresh))).toEqual(freshBefore);
      const applied = await api.call('site.importConfig', { file: exported, dryRun: false });
      expect(applied).toMatchObject({ ok: true, result: { ok: true, dryRun: false } });
    } finally {
      api.close();
    }
    expect(contents(await exportOf(fresh))).toEqual(contents(exported));
    // The links were swapped without a restart: the retained message arrives through them.
    await waitFor(
      'the new link',
      async () => (await link(fresh, 'plant'))?.state === 'connected' || undefined,
    );
    await waitFor('the value through it', async () => (await tag(fresh, TEMP))?.value === 71.5 || undefined);
    expect(await tag(fresh, TEMP)).toMatchObject({ unit: '°C', engHigh: 200 });
    expect((await modelsOf(fresh)).get('bearing-b1')).toMatchObject({
      source: 'stored',
      state: 'waiting',
      // Loaded on the real runtime and fitting its model, else it would be in 'error'.
    });

    // Restarted with no broker on the command line, it keeps the imported ones.
    expect(await fresh.stop()).toBe(0);
    const again = await serve(['--data-dir', join(dir.path, 'b'), '--no-demo']);
    expect(again.output()).toMatch(/brokers: plant mqtt:/);
    await waitFor(
      'the stored link',
      async () => (await link(again, 'plant'))?.state === 'connected' || undefined,
    );
    expect(contents(await exportOf(again))).toEqual(contents(exported));
  });

  it('lists binding changes in a dry run, refuses a bad binding by its path, and warns of a missing model file', async () => {
    const site = running[0]!;
    const before = contents(await exportOf(site));
    const file = editable(siteFile());
    file.models = [
      { ...file.models[1], threshold: 3 },
      {
        ...BEARING,
        id: 'mine',
        model: 'mine.onnx',
        outputs: [{ output: 'anomaly_score', tag: 'boilers/b1/mine' }],
      },
    ];
    const api = await connectWs(site.url);
    try {
      const dryRun = await api.call('site.importConfig', { file, dryRun: true });
      expect(dryRun).toMatchObject({
        ok: true,
        result: {
          ok: true,
          dryRun: true,
          models: { added: ['mine'], changed: ['temp-z'], removed: ['bearing-b1'], unchanged: 0 },
          warnings: [
            "models[1].model: mine.onnx is not in the data folder's models/ or the shipped models: mine is stored but fails until the file is there",
          ],
        },
      });
      expect(contents(await exportOf(site))).toEqual(before);

      const bad = editable(file);
      bad.models[1].window.stepMs = 1;
      expect(await api.call('site.importConfig', { file: bad, dryRun: false })).toEqual({
        ok: true,
        result: { ok: false, problems: ['models[1].window.stepMs: Too small: expected number to be >=10'] },
      });
      expect(contents(await exportOf(site))).toEqual(before);

      const applied = await api.call('site.importConfig', { file, dryRun: false });
      expect(applied).toMatchObject({ ok: true, result: { ok: true, warnings: [expect.any(String)] } });
    } finally {
      api.close();
    }
    const models = await modelsOf(site);
    expect(models.has('bearing-b1')).toBe(false);
    expect(models.get('temp-z')).toMatchObject({ version: 2, binding: { threshold: 3 } });
    // Stored, and failing visibly until its file arrives.
    expect(models.get('mine')).toMatchObject({
      source: 'stored',
      state: 'error',
      message: expect.stringContaining('mine.onnx is neither in'),
    });
    // The file arrives in the data folder's models/: the binding starts by itself.
    copyFileSync(
      fileURLToPath(new URL('../../resources/models/pump_bearing.onnx', import.meta.url)),
      join(dir.path, 'a', 'models', 'mine.onnx'),
    );
    await waitFor(
      'the binding to start on its file',
      async () => (await modelsOf(site)).get('mine')?.state === 'waiting' || undefined,
    );
    expect(await versionsOf(site, 'bearing-b1')).toMatchObject([
      { version: 2, changedBy: expect.stringMatching(/\(import\)$/), after: null },
      { version: 1 },
    ]);
  });

  it('refuses a wrong file with exit code 2 and every problem on stderr, and writes nothing', async () => {
    const file = editable(siteFile());
    file.tags[0].config.engRange = { low: 5, high: 1 };
    file.brokers[0].url = 'mqtt://wk:secret@127.0.0.1:1883';
    file.devices.push({ id: 'boilers/b1', config: {} });
    file.colour = 'blue';
    const dataDir = join(dir.path, 'never');
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--config', writeFile('bad.json', file)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    const lines = stderr.split('\n');
    expect(lines[0]).toMatch(
      /^watchkeeper: site configuration .*bad\.json has 4 problems, nothing was changed:$/,
    );
    expect(lines.slice(1, 5).map((line) => line.trim())).toEqual([
      'brokers[0].url: keep the password out of the URL: set `username` here and the password in the credential store',
      'devices[1].id: duplicate device id "boilers/b1"',
      'tags[0].config.engRange.high: the engineering range needs low below high',
      'Unrecognized key: "colour"',
    ]);
    expect(stderr).not.toContain('secret');
    expect(existsSync(dataDir)).toBe(false);
  });
});
