import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigDb } from '../../../../electron/config/configDb.js';
import { CsvExportJobs, type ExportJobIo } from '../../../../electron/export/exportJobs.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import type { CsvExportProgress } from '../../../../shared/csvExport.js';
import { journalLine } from '../../../helpers/alarmJournalLines.js';
import { appendBatches, batchOf, storedTag } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const TAG = 'line1/pump1/flow';
const SAMPLES = 200_000;
const request = { tags: [TAG], from: 0, to: SAMPLES * 1000 - 1 };
/** A day that ends now: the journal keeps years, not lines from 1970. */
const DAY = 86_400_000;
const dayEnd = Math.floor(Date.now() / 1000) * 1000;
const day = { from: dayEnd - DAY, to: dayEnd };
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The desktop export without Electron: the save dialog is the one part that cannot run here, so
 * it is a function that answers with a path (or null, as when the user closes the dialog).
 */
describe('the desktop CSV exports', () => {
  const dir = makeTempDir();
  const historian = new Historian({ path: `${dir.path}/historian.db`, log: createMemoryLogger() });
  const config = new ConfigDb({ path: `${dir.path}/config.db`, log: createMemoryLogger() });
  const log = createMemoryLogger();
  const jobs = new CsvExportJobs({
    source: historian,
    tagKey: (id) => (id === TAG ? 1 : undefined),
    alarms: config,
    log,
  });
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
    await config.start();
    // An alarm raised and acknowledged, an hour into the day.
    await config.writeAlarmBatch({
      states: [],
      removed: [],
      journal: [
        journalLine({ ts: day.from + 3_600_000 }),
        journalLine({
          ts: day.from + 3_660_000,
          trigger: 'acknowledged',
          from: 'unacked',
          to: 'acked',
          user: 'olga',
          comment: 'seen',
        }),
      ],
    });
    await historian.start();
    historian.upsertTags([storedTag(1, TAG)]);
    await appendBatches(historian, [
      batchOf(Array.from({ length: SAMPLES }, (_, s) => [1, s * 1000, s % 89, 0] as const)),
    ]);
  });
  afterAll(async () => {
    await config.stop();
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

  it('saves the alarm journal under a filter, oldest first, as /api/export/alarms.csv writes it', async () => {
    const { shell, folder, progress } = io();
    const file = `alarm-journal-${isoDay(day.from)}.csv`;
    const outcome = await jobs.run({ id: 'j', alarmJournal: day }, shell);
    expect(outcome).toEqual({ status: 'saved', rows: 2, file });
    const lines = readFileSync(`${folder}/${file}`, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^timestamp,timestamp_ms,seq,alarm,/);
    expect(lines.slice(1, 3).map((line) => line.split(',')[10])).toEqual(['activated', 'acknowledged']);
    expect(progress.at(-1)).toEqual({ id: 'j', rows: 2, fraction: 1 });
    const olga = await jobs.run({ id: 'k', alarmJournal: { ...day, user: 'olga' } }, io().shell);
    expect(olga).toMatchObject({ status: 'saved', rows: 1 });
  });

  it('saves the alarm performance report of a period, as /api/reports/alarm-kpi.csv', async () => {
    const { shell, folder } = io();
    const file = `alarm-kpi-${isoDay(day.from)}-${isoDay(day.to)}.csv`;
    const outcome = await jobs.run({ id: 'r', alarmKpi: day }, shell);
    expect(outcome).toMatchObject({ status: 'saved', file });
    const text = readFileSync(`${folder}/${file}`, 'utf8');
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
    [{ id: 'e', alarmJournal: { from: 10, to: 5 } }, 'BAD_REQUEST', /from must not be after to/],
    [{ id: 'e', alarmKpi: { from: 0, to: 500 * 86_400_000 } }, 'BAD_REQUEST', /at most 400 days/],
    [{ id: 'e' }, 'BAD_REQUEST', /name one export/],
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
