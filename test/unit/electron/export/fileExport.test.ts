import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsvToFile } from '../../../../electron/export/fileExport.js';
import { Historian } from '../../../../electron/historian/historian.js';
import { createMemoryLogger } from '../../../../electron/platform/logger.js';
import { appendBatches, batchOf, KEEP_EVERYTHING, storedTag } from '../../../helpers/historyData.js';
import { makeTempDir } from '../../../helpers/tempDir.js';

const tags = [{ key: 1, id: 'line1/pump1/flow' }];
const SAMPLES = 100_000;
const plan = { tags, from: 0, to: SAMPLES * 1000 - 1 };

describe('a CSV export to a file', () => {
  const dir = makeTempDir();
  const historian = new Historian({
    path: `${dir.path}/historian.db`,
    log: createMemoryLogger(),
    retention: KEEP_EVERYTHING,
  });
  let n = 0;
  const freshFolder = () => {
    const folder = `${dir.path}/out-${++n}`;
    mkdirSync(folder);
    return folder;
  };

  beforeAll(async () => {
    await historian.start();
    historian.upsertTags([storedTag(1, tags[0]!.id)]);
    await appendBatches(historian, [
      batchOf(Array.from({ length: SAMPLES }, (_, s) => [1, s * 1000, s % 97, 0] as const)),
    ]);
  });
  afterAll(async () => {
    await historian.stop();
    dir.remove();
  });

  it('appears whole at its path once the last row is written, with nothing else beside it', async () => {
    const folder = freshFolder();
    const result = await exportCsvToFile(historian, plan, `${folder}/flow.csv`);
    expect(result).toEqual({ rows: SAMPLES, complete: true });
    expect(readdirSync(folder)).toEqual(['flow.csv']);
    const lines = readFileSync(`${folder}/flow.csv`, 'utf8').split('\r\n');
    expect(lines).toHaveLength(SAMPLES + 2);
    expect(lines[1]).toBe('1970-01-01T00:00:00.000Z,line1/pump1/flow,0,Good,0');
  });

  it('leaves nothing behind when cancelled half way, and an existing file untouched', async () => {
    const folder = freshFolder();
    writeFileSync(`${folder}/flow.csv`, 'the report from last week\r\n');
    const cancel = new AbortController();
    const result = await exportCsvToFile(historian, plan, `${folder}/flow.csv`, {
      signal: cancel.signal,
      onProgress: ({ rows }) => rows > 0 && cancel.abort(),
    });
    expect(result.complete).toBe(false);
    expect(result.rows).toBeGreaterThan(0);
    expect(result.rows).toBeLessThan(SAMPLES);
    expect(readdirSync(folder)).toEqual(['flow.csv']);
    expect(readFileSync(`${folder}/flow.csv`, 'utf8')).toBe('the report from last week\r\n');
  });

  it('fails with the file system error when the folder cannot be written, leaving nothing', async () => {
    const missing = `${dir.path}/no-such-folder/flow.csv`;
    await expect(exportCsvToFile(historian, plan, missing)).rejects.toThrow(/ENOENT/);
    expect(existsSync(`${dir.path}/no-such-folder`)).toBe(false);
  });
});
