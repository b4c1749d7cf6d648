import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../electron/config/configStore.js';
import {
  CsvExportJobs,
  type CsvExportJobsDeps,
  type ExportJobIo,
} from '../../../../electron/export/exportJobs.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { CsvExportProgress } from '../../../../shared/csvExport.js';
import { journalLine } from '../../../helpers/alarmJournalLines.js';
import { appendBatches, batchOf, KEEP_EVERYTHING, storedTag } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const TAG = 'line1/pump1/flow';
const SAMPLES = 200_000;
const request = { tags: [TAG], from: 0, to: SAMPLES * 1000 - 1 };

/**
 * The desktop export without Electron: the save dialog is the one part that cannot run here, so
 * it is a function that answers with a path (or null, as when the user closes the dialog).
 */
describe('the desktop CSV exports', () => {
  const dir = makeTempDir();
  const historian = new Historian({
    path: `${dir.path}/historian.db`,
    log: createMemoryLogger(),
    retention: KEEP_EVERYTHING,
  });
  const log = createMemoryLogger();
  const config = new ConfigStore(new Database(`${dir.path}/config.db`));
  const deps: CsvExportJobsDeps = {
    source: historian,
    alarmJournal: { alarmJournalCsv: async (query) => config.alarms.journalCsvPage(query) },
    alarmReports: { alarmKpiReport: async (from, to) => config.alarms.kpiReport(from, to) },
    tagKey: (id) => (id === TAG ? 1 : undefined),
    log,
  };
  const jobs = new CsvExportJobs(deps);
  let n = 0;

  function io(answer: 'choose' | 'close' = 'choose') {
    const folder = `${dir.path}/out-${++n}`;
    mkdirSync(folder);
    const progress: CsvExportProgress[] = [];
    const suggested: string[] = [];
    const shell: ExportJobIo = {
      chooseFile: async (name) => (suggested.push(name), answer === 'close' ? null : `${folder}/${name}`),
      progress: (p) => progress.push(p),
    };
    return { shell, folder, progress, suggested };
  }

  beforeAll(async () => {
    await historian.start();
    historian.upsertTags([storedTag(1, TAG)]);
    await appendBatches(historian, [
      batchOf(Array.from({ length: SAMPLES }, (_, s) => [1, s * 1000, s % 89, 0] as const)),
    ]);
    // The worker's own sweep comes 5 s after it opens, mid-export on a loaded machine: sweeping
    // now makes every run meet the history that sweep leaves (see KEEP_EVERYTHING).
    await historian.sweepRetention();
  });
  afterAll(async () => {
    config.close();
    await historian.stop();
    dir.remove();
  });

  it('saves the chosen file and reports progress up to all of it', async () => {
    const { shell, folder, progress, suggested } = io();
    const outcome = await jobs.run({ id: 'a', request }, shell);
    expect(outcome).toEqual({ status: 'saved', rows: SAMPLES, file: 'history-1970-01-01.csv' });
    expect(suggested).toEqual(['history-1970-01-01.csv']);
    expect(readdirSync(folder)).toEqual(['history-1970-01-01.csv']);
    expect(readFileSync(`${folder}/history-1970-01-01.csv`, 'utf8').split('\r\n')).toHaveLength(SAMPLES + 2);
    expect(progress.at(-1)).toEqual({ id: 'a', rows: SAMPLES, fraction: 1 });
    expect(progress.map((p) => p.fraction)).toEqual(progress.map((p) => p.fraction).sort((a, b) => a - b));
  });

  it('exports at a resolution, named after it', async () => {
    const { shell, folder } = io();
    const outcome = await jobs.run(
      { id: 'b', request: { ...request, resolution: 3_600_000, aggregates: ['max'] } },
      shell,
    );
    const hours = Math.ceil(SAMPLES / 3600);
    expect(outcome).toEqual({ status: 'saved', rows: hours, file: 'history-1970-01-01-1h.csv' });
    const lines = readFileSync(`${folder}/history-1970-01-01-1h.csv`, 'utf8').split('\r\n');
    expect(lines[0]).toBe('timestamp,tag,max,quality,quality_code');
    expect(lines[1]).toBe('1970-01-01T00:00:00.000Z,line1/pump1/flow,88,Good,0');
  });

  it('saves the alarm journal lines a filter matches, oldest first, named by the first day', async () => {
    const day = Date.UTC(2026, 2, 1);
    config.alarms.writeBatch({
      states: [],
      removed: [],
      journal: Array.from({ length: 5_000 }, (_, i) =>
        journalLine({ ts: day + i * 1000, trigger: i % 2 ? 'note' : 'activated', comment: `n${i}` }),
      ),
    });
    const { shell, folder, progress } = io();
    const alarmJournal = { from: day, to: day + 86_400_000, trigger: ['note' as const] };
    const outcome = await jobs.run({ id: 'alarms', alarmJournal }, shell);
    expect(outcome).toEqual({ status: 'saved', rows: 2_500, file: 'alarm-journal-2026-03-01.csv' });
    const lines = readFileSync(`${folder}/alarm-journal-2026-03-01.csv`, 'utf8').split('\r\n');
    expect(lines).toHaveLength(2_502);
    expect(lines[1]).toMatch(/^2026-03-01T00:00:01\.000Z,.*,note,.*,n1,/);
    expect(progress.at(-1)).toEqual({ id: 'alarms', rows: 2_500, fraction: 1 });
  });

  it('saves the alarm performance report of a period, as /api/reports/alarm-kpi.csv writes it', async () => {
    const day = Date.UTC(2026, 3, 1);
    config.alarms.writeBatch({ states: [], removed: [], journal: [journalLine({ ts: day + 3_600_000 })] });
    const { shell, folder, suggested } = io();
    const outcome = await jobs.run({ id: 'kpi', alarmKpi: { from: day, to: day + 86_400_000 } }, shell);
    expect(outcome).toMatchObject({ status: 'saved', file: 'alarm-kpi-2026-04-01-2026-04-02.csv' });
    expect(suggested).toEqual(['alarm-kpi-2026-04-01-2026-04-02.csv']);
    const text = readFileSync(`${folder}/alarm-kpi-2026-04-01-2026-04-02.csv`, 'utf8');
    expect(text.split('\r\n')[0]).toBe('section,summary');
    expect(text).toContain('annunciated activations,1,');
  });

  it('stops and keeps nothing when cancelled by its id', async () => {
    const { shell, folder } = io();
    const running = jobs.run({ id: 'c', request }, { ...shell, progress: () => jobs.cancel('c') });
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(readdirSync(folder)).toEqual([]);
    expect(jobs.cancel('c')).toBe(false);
  });

  it('says the export failed, and keeps nothing, when the historian cannot read a window', async () => {
    let pages = 0;
    const failing = new CsvExportJobs({
      ...deps,
      source: {
        exportCsvRows: (query) =>
          ++pages === 3
            ? Promise.reject(new Error('historian.worker.exportCsvRows timed out'))
            : historian.exportCsvRows(query),
        aggregates: (query) => historian.aggregates(query),
      },
    });
    const { shell, folder } = io();
    const outcome = await failing.run({ id: 'f', request }, shell);
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL', message: expect.stringMatching(/timed out/) },
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('writes nothing when the save dialog is closed', async () => {
    const { shell, folder } = io('close');
    expect(await jobs.run({ id: 'd', request }, shell)).toEqual({ status: 'cancelled', rows: 0 });
    expect(readdirSync(folder)).toEqual([]);
  });

  it.each([
    [{ id: 'e', request: { ...request, from: 10, to: 5 } }, 'BAD_REQUEST', /from must not be after to/],
    [{ id: 'e', request: { ...request, aggregates: ['avg'] } }, 'BAD_REQUEST', /need a resolution/],
    [{ id: 'e', request: { ...request, resolution: 1 } }, 'BAD_REQUEST', /at most 10,000,000 intervals/],
    [{ id: 'e', request: { ...request, tags: ['no/such/tag'] } }, 'NOT_FOUND', /unknown tag: no\/such\/tag/],
    [{ request }, 'BAD_REQUEST', /id/],
    [{ id: 'e' }, 'BAD_REQUEST', /name what to export/],
    [{ id: 'e', request, alarmJournal: { from: 0, to: 1 } }, 'BAD_REQUEST', /name what to export/],
    [{ id: 'e', alarmKpi: { from: 0, to: 500 * 86_400_000 } }, 'BAD_REQUEST', /at most 400 days/],
    [{ id: 'e', alarmJournal: { from: 0, to: 1, state: ['asleep'] } }, 'BAD_REQUEST', /alarmJournal\.state/],
    ['export everything', 'BAD_REQUEST', /expected object/],
  ])('answers a bad request (%j) with a clear error and no dialog', async (job, code, message) => {
    const { shell, suggested } = io();
    const outcome = await jobs.run(job, shell);
    expect(outcome).toMatchObject({ status: 'failed', error: { code } });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(message);
    expect(suggested).toEqual([]);
  });

  it('cancels exports under way on stop and waits until their files are gone', async () => {
    const { shell, folder } = io();
    let stopping: Promise<void> | null = null;
    const running = jobs.run({ id: 'f', request }, { ...shell, progress: () => (stopping ??= jobs.stop()) });
    await running;
    await stopping;
    expect((await running).status).toBe('cancelled');
    expect(existsSync(folder) && readdirSync(folder)).toEqual([]);
  });
});
