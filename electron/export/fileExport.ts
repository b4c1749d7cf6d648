import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  streamCsv,
  type CsvExportPlan,
  type CsvExportSource,
  type CsvStreamOptions,
  type CsvStreamResult,
} from './csvStream.js';

/**
 * Writes an export to a file whole or not at all: rows go to a hidden partial file beside the
 * target, renamed over it only once the last row is written. A cancel or a failure (disk full)
 * deletes the partial file and leaves whatever was at the target untouched.
 */
export function exportCsvToFile(
  source: CsvExportSource,
  plan: CsvExportPlan,
  path: string,
  options: CsvStreamOptions = {},
): Promise<CsvStreamResult> {
  return streamToFile(path, options, (out, streamOptions) => streamCsv(source, plan, out, streamOptions));
}

/** Any CSV stream (history, the alarm journal) written whole or not at all, as exportCsvToFile. */
export async function streamToFile(
  path: string,
  options: CsvStreamOptions,
  stream: (out: Writable, options: CsvStreamOptions) => Promise<CsvStreamResult>,
): Promise<CsvStreamResult> {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}-${Date.now()}.partial`);
  const out = createWriteStream(partial, { flags: 'wx' });
  // A write error ends the export at the next window instead of writing into a broken file.
  const broken = new AbortController();
  let failure: unknown = null;
  out.on('error', (error) => {
    failure ??= error;
    broken.abort();
  });
  const signal = options.signal ? AbortSignal.any([options.signal, broken.signal]) : broken.signal;
  try {
    const result = await stream(out, { ...options, signal });
    out.end();
    await finished(out);
    if (failure !== null) throw failure;
    if (result.complete) await rename(partial, path);
    else await rm(partial, { force: true });
    return result;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw failure ?? error;
  }
}
